// Dates render in the browser (the lists are fetched client-side), in the viewer's locale and time zone.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

/** "sha256:1a2b3c4d5e6f…" — enough to tell keys apart at a glance; the full id is one click away. */
export function shortKeyId(keyId: string): string {
  return `${keyId.slice(0, 19)}…`;
}
