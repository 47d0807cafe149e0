/** A machine-readable time that reads well without JavaScript (UTC, ISO-like). */
export function LocalTime({ date }: { date: Date }) {
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {iso.slice(0, 16).replace("T", " ")} UTC
    </time>
  );
}
