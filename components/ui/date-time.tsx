// Times are stored in UTC and rendered on the server, which does not know the reader's
// time zone, so they are shown in UTC and say so.
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export function DateTime({ value, fallback = "Never" }: { value: Date | null; fallback?: string }) {
  if (!value) return <span>{fallback}</span>;
  return <time dateTime={value.toISOString()}>{`${dateTimeFormat.format(value)} UTC`}</time>;
}
