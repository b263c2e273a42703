// Runs before every page and API request: a fresh request id, and a Content-Security-Policy with a per-request
// nonce (Next puts the nonce on its own scripts), so no inline script from anywhere else can run.
import { type NextRequest, NextResponse } from "next/server";

function randomToken(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return btoa(String.fromCharCode(...buffer)).replace(/[+/=]/g, (c) =>
    c === "+" ? "-" : c === "/" ? "_" : "",
  );
}

function contentSecurityPolicy(nonce: string): string {
  const development = process.env.NODE_ENV !== "production";
  // The sign-in form posts to us and is then redirected to the identity provider, which form-action covers.
  const idp = process.env.OIDC_ISSUER ? ` ${new URL(process.env.OIDC_ISSUER).origin}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // React and Tailwind set inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${idp}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = randomToken(16);
  const requestId = `req_${randomToken(9)}`;
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // never trust a client-supplied request id: it ends up in audit events
  headers.set("x-request-id", requestId);
  // where to come back to after signing in (a shared, filtered link must survive the detour)
  headers.set("x-portal-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-request-id", requestId);
  return response;
}

// Not the release uploads: Next buffers (and past 10 MB truncates) the body of every request the proxy sees, so it
// can hand the proxy a copy; artifact uploads of gigabytes must stream straight to their handler. Those two answer
// JSON only (no page to protect with a CSP) and take their request id from the handler.
export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/v1/releases|releases/upload).*)" }],
};
