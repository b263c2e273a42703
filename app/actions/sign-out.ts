"use server";
import { signOut } from "@/server/auth/config";

/** Ends the session (audited as auth.sign_out by the Auth.js signOut event) and shows the sign-in page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
