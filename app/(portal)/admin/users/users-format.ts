// Rows only render in the browser (the list is fetched client-side), so the viewer's locale and time zone apply
// without a server/client hydration mismatch.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}
