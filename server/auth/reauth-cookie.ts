// "Confirm it's you" through the identity provider leaves the portal and comes back through Auth.js's callback,
// which cannot carry our own form fields. The reauth action sets this short-lived cookie (holding the signed-in
// user's id) before redirecting; the OIDC callback reads it to record the sign-in as a re-authentication.
export const REAUTH_COOKIE = "portal-reauth";

// Long enough to type a password and pass a second factor at the IdP; short enough not to mark a later,
// unrelated sign-in as a re-authentication.
export const REAUTH_COOKIE_MAX_AGE_SECONDS = 10 * 60;

export function reauthCookieOptions(secure: boolean) {
  // Lax: the IdP's redirect back to the callback is a top-level GET navigation, which Lax cookies accompany.
  return {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: REAUTH_COOKIE_MAX_AGE_SECONDS,
  } as const;
}
