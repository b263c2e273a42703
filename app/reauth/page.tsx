import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { reauthWithOidcAction, reauthWithPasswordAction } from "@/app/actions/reauth";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { safeCallbackPath } from "@/server/auth/callback-url";
import { getSessionUser } from "@/server/auth/session";
import { signInErrorMessage } from "@/server/auth/sign-in-error";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Confirm it's you" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function ReauthPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl), env.AUTH_URL);
  const user = await getSessionUser();
  // Not signed in (or no longer allowed): a full sign-in is itself a fresh authentication.
  if (!user) redirect(`/signin?${new URLSearchParams({ callbackUrl })}`);

  const message = signInErrorMessage(
    { error: first(params.error), code: first(params.code) },
    { lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES },
  );
  const viaIdentityProvider = user.authMethod === "oidc" && Boolean(env.OIDC_ISSUER);

  return (
    <main className="flex min-h-screen items-center justify-center bg-canvas px-4 py-12">
      <div className="flex w-full max-w-md flex-col gap-6">
        <div className="text-center">
          <h1 className="text-2xl font-semibold tracking-tight text-fg">Confirm it's you</h1>
          <p className="mt-1 text-sm text-fg-muted">
            This action needs a recent sign-in. You stay signed in and return to where you were.
          </p>
        </div>

        <Card>
          <CardBody className="flex flex-col gap-5 py-6">
            {message ? (
              <p
                role="alert"
                className="rounded-md border border-bad-line bg-bad-soft px-3 py-2 text-sm text-bad-fg"
              >
                {message}
              </p>
            ) : null}

            {viaIdentityProvider ? (
              <form action={reauthWithOidcAction} className="flex flex-col gap-4">
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <p className="text-sm text-fg-muted">
                  Signed in as <span className="font-medium text-fg">{user.email}</span>.{" "}
                  {env.OIDC_DISPLAY_NAME} will ask you to sign in again.
                </p>
                <Button type="submit" className="w-full">
                  Continue with {env.OIDC_DISPLAY_NAME}
                </Button>
              </form>
            ) : (
              <form action={reauthWithPasswordAction} className="flex flex-col gap-4">
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="reauth-email">Email</Label>
                  {/* Shown for password managers and orientation; the action uses the session's email. */}
                  <Input
                    id="reauth-email"
                    name="email"
                    type="email"
                    value={user.email}
                    autoComplete="username"
                    readOnly
                  />
                </div>
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="reauth-password">Password</Label>
                  <Input
                    id="reauth-password"
                    name="password"
                    type="password"
                    autoComplete="current-password"
                    required
                    autoFocus
                  />
                </div>
                <Button type="submit" className="w-full">
                  Confirm
                </Button>
              </form>
            )}

            <Link href={callbackUrl} className={buttonClasses("ghost", "md", "w-full")}>
              Cancel
            </Link>
          </CardBody>
        </Card>
      </div>
    </main>
  );
}
