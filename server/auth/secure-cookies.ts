// Cookies are `Secure` (and Auth.js's get the `__Secure-` prefix) exactly when the portal is served over HTTPS,
// as AUTH_URL says; deciding from the incoming request instead would depend on proxy headers.
export function usesSecureCookies(authUrl: string): boolean {
  return new URL(authUrl).protocol === "https:";
}
