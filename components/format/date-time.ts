// Dates as people read them. Lists render in the browser (fetched client-side), so the viewer's locale and time
// zone apply without a server/client hydration mismatch.
const minutes = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const days = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const seconds = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** To the minute: when something was created, last used, expires. */
export function formatDateTime(date: Date): string {
  return minutes.format(date);
}

/** The day only: expiry dates and creation dates in dense tables. */
export function formatDate(date: Date): string {
  return days.format(date);
}

/** To the second: when an audited event happened, where order within a minute matters. */
export function formatTimestamp(date: Date): string {
  return seconds.format(date);
}

/** Enough of a hex digest to compare by eye; the full value is always one click away. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}
