import "server-only";

/**
 * Shares one result per key between the requests of the next `ttlMs` in this process:
 * callers in that window (also those arriving while it loads) get the same promise, so
 * ten people on a dashboard cost one query. A failed load is not kept. Use it only for
 * figures that may be `ttlMs` old; pages that show them live refresh once more after
 * that long (LiveRefresh `settleMs`).
 */
export function sharedResult<T>(ttlMs: number): (key: string, load: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key, load) => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    // Expired entries go when a new one is made, so the map holds only live keys.
    for (const [oldKey, entry] of entries) if (now - entry.at >= ttlMs) entries.delete(oldKey);
    const value = load();
    entries.set(key, { at: now, value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}
