// Browser route handlers that change something (a form post with files) answer only to the portal's own pages:
// a cookie-carrying request from another site is refused. tRPC needs no such check (its JSON content type cannot
// be sent cross-site without a preflight); a multipart form can.
export function isSameOrigin(request: Request, publicOrigin: string): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === publicOrigin || origin === new URL(request.url).origin;
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin";
}
