// The sign-in page's message for `?error=` (Auth.js's error type) and `?code=` (our refusal reason). Messages
// name what the user can do about it; "wrong email or password" never says which of the two was wrong.
export type SignInErrorParams = { error?: string | null; code?: string | null };

export function signInErrorMessage(
  params: SignInErrorParams,
  options: { lockoutMinutes: number },
): string | null {
  if (!params.error && !params.code) return null;
  switch (params.code) {
    case "bad_credentials":
      return "Wrong email or password.";
    case "locked":
      return `This account is locked after too many failed sign-ins. Try again in ${options.lockoutMinutes} minutes.`;
    case "rate_limited":
      return "Too many sign-in attempts from this address. Wait a minute, then try again.";
    case "disabled":
      return "This account is disabled. Ask an administrator to enable it again.";
    case "no_roles":
      return "No role is assigned to your account. Ask an administrator for access.";
    case "idp_reachable":
      return "This emergency account works only while the identity provider is unreachable. Use single sign-on.";
    case "bootstrap_sealed":
      return "The bootstrap break-glass account is sealed. It can be enabled only from the server's console.";
    case "account_conflict":
      return "An account with your email address exists and cannot be linked to this sign-in. Ask an administrator.";
  }
  switch (params.error) {
    case "CredentialsSignin":
      return "Wrong email or password.";
    case "AccessDenied":
      return "Sign-in was refused.";
    case "OAuthSignin":
    case "OAuthCallbackError":
    case "OAuthAccountNotLinked":
    case "OAuthProfileParseError":
      return "Signing in through your identity provider did not complete. Please try again.";
    default:
      return "Sign-in failed. Please try again.";
  }
}
