// An audit entry's `changes` as people read them: "field: old → new", the raw JSON behind a <details>.

const MAX_VALUE_LENGTH = 80;

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "from" in value && "to" in value;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

export function AuditChanges({ changes }: { changes: Record<string, unknown> | null }) {
  const entries = changes ? Object.entries(changes) : [];
  if (entries.length === 0) return <span className="text-gray-500">None</span>;
  return (
    <div className="min-w-56 max-w-md space-y-1">
      <ul className="space-y-0.5">
        {entries.map(([field, value]) => (
          <li key={field} className="break-words">
            <span className="font-medium text-gray-900">{field}:</span>{" "}
            {isChange(value) ? (
              <>
                {show(value.from)} <span aria-hidden>→</span>
                <span className="sr-only">changed to</span> {show(value.to)}
              </>
            ) : (
              show(value)
            )}
          </li>
        ))}
      </ul>
      <details className="text-xs">
        <summary className="cursor-pointer text-indigo-700 hover:text-indigo-900">JSON</summary>
        <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-gray-50 p-2 text-gray-800">
          {JSON.stringify(changes, null, 2)}
        </pre>
      </details>
    </div>
  );
}
