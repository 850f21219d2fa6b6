import "server-only";
import { headers } from "next/headers";

/**
 * The reader's locale from Accept-Language (its first tag the runtime can format), so
 * money and dates render on the server the way the browser would, with nothing to
 * re-render after hydration. Falls back to en-US.
 */
export async function requestLocale(): Promise<string> {
  const header = (await headers()).get("accept-language") ?? "";
  for (const part of header.split(",")) {
    const tag = part.split(";")[0]?.trim();
    if (!tag || tag === "*" || tag.length > 35) continue;
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // a malformed tag: try the next one
    }
  }
  return "en-US";
}
