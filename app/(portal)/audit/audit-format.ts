// Rows only render in the browser (the list is fetched client-side), so the viewer's locale and time zone apply
// without a server/client hydration mismatch.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

/** Enough of a SHA-256 hex digest to compare by eye; the full value is always one click away. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}
