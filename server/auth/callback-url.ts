// Where to send the browser after signing in. Only paths on this site are accepted: anything else would make the
// sign-in page an open redirect (a phishing link that lands on a look-alike site after a real login).
const FALLBACK = "/";
// Pages that would bring the user straight back to a sign-in form.
const LOOPING_PATHS = ["/signin", "/reauth", "/api/auth"];

export function safeCallbackPath(value: unknown, origin: string): string {
  if (typeof value !== "string" || value === "" || value.length > 2048) return FALLBACK;
  // Control characters and backslashes are how "/\evil.test" and "/\t/evil.test" become other hosts in browsers.
  if ([...value].some((char) => char === "\\" || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    return FALLBACK;
  }
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== base.origin) return FALLBACK;
  if (!value.startsWith("/") && !value.startsWith(base.origin)) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (LOOPING_PATHS.some((prefix) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) {
    return FALLBACK;
  }
  return path;
}
