"use server";
// "Confirm it's you": signing in again as the same user replaces the session token with one whose authTime is
// now, without signing out. Password users re-enter their password; identity-provider users are sent to the IdP
// with prompt=login and max_age=0, which obliges it to authenticate them again rather than reuse its session.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { safeCallbackPath } from "@/server/auth/callback-url";
import { CREDENTIALS_PROVIDER_ID, OIDC_PROVIDER_ID, signIn } from "@/server/auth/config";
import { REAUTH_COOKIE, reauthCookieOptions } from "@/server/auth/reauth-cookie";
import { usesSecureCookies } from "@/server/auth/secure-cookies";
import { getSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";

function reauthPageFor(error: AuthError, callbackUrl: string): string {
  const query = new URLSearchParams({ error: error.type, callbackUrl });
  if (error instanceof CredentialsSignin) query.set("code", error.code);
  return `/reauth?${query}`;
}

async function signedInUserOrSignIn(callbackUrl: string) {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?${new URLSearchParams({ callbackUrl })}`);
  return user;
}

export async function reauthWithPasswordAction(formData: FormData): Promise<void> {
  const callbackUrl = safeCallbackPath(formData.get("callbackUrl"), env.AUTH_URL);
  const user = await signedInUserOrSignIn(callbackUrl);
  const password = formData.get("password");
  try {
    await signIn(CREDENTIALS_PROVIDER_ID, {
      // the session's email, not a form field: this form can only confirm the person already signed in
      email: user.email,
      password: typeof password === "string" ? password : "",
      reauth: "1",
      redirectTo: callbackUrl,
    });
  } catch (error) {
    // A refused confirmation leaves the current session as it was.
    if (error instanceof AuthError) redirect(reauthPageFor(error, callbackUrl));
    throw error;
  }
}

export async function reauthWithOidcAction(formData: FormData): Promise<void> {
  const callbackUrl = safeCallbackPath(formData.get("callbackUrl"), env.AUTH_URL);
  const user = await signedInUserOrSignIn(callbackUrl);
  (await cookies()).set(REAUTH_COOKIE, user.id, reauthCookieOptions(usesSecureCookies(env.AUTH_URL)));
  try {
    await signIn(OIDC_PROVIDER_ID, { redirectTo: callbackUrl }, { prompt: "login", max_age: "0" });
  } catch (error) {
    if (error instanceof AuthError) redirect(reauthPageFor(error, callbackUrl));
    throw error;
  }
}
