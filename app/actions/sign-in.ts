"use server";
// Sign-in form actions. Auth.js runs in-process (no client-side CSRF round trip); a refusal comes back as an
// AuthError, which becomes the sign-in page's ?error=&code= so the page can say what happened.
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { safeCallbackPath } from "@/server/auth/callback-url";
import { CREDENTIALS_PROVIDER_ID, OIDC_PROVIDER_ID, signIn } from "@/server/auth/config";
import { env } from "@/server/env";

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

function signInPageFor(error: AuthError, callbackUrl: string): string {
  const query = new URLSearchParams({ error: error.type });
  if (error instanceof CredentialsSignin) query.set("code", error.code);
  if (callbackUrl !== "/") query.set("callbackUrl", callbackUrl);
  return `/signin?${query}`;
}

export async function signInWithPasswordAction(formData: FormData): Promise<void> {
  const callbackUrl = safeCallbackPath(formData.get("callbackUrl"), env.AUTH_URL);
  try {
    await signIn(CREDENTIALS_PROVIDER_ID, {
      email: field(formData, "email"),
      password: field(formData, "password"),
      reauth: "0",
      redirectTo: callbackUrl,
    });
  } catch (error) {
    // signIn ends in redirect(), which throws Next's redirect signal: only Auth.js's own errors are handled here.
    if (error instanceof AuthError) redirect(signInPageFor(error, callbackUrl));
    throw error;
  }
}

export async function signInWithOidcAction(formData: FormData): Promise<void> {
  const callbackUrl = safeCallbackPath(formData.get("callbackUrl"), env.AUTH_URL);
  try {
    await signIn(OIDC_PROVIDER_ID, { redirectTo: callbackUrl });
  } catch (error) {
    if (error instanceof AuthError) redirect(signInPageFor(error, callbackUrl));
    throw error;
  }
}
