import type { Metadata } from "next";
import { signInWithOidcAction, signInWithPasswordAction } from "@/app/actions/sign-in";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { safeCallbackPath } from "@/server/auth/callback-url";
import { signInErrorMessage } from "@/server/auth/sign-in-error";
import { roleLabels } from "@/server/authz/permissions";
import { DEMO_PASSWORD, DEMO_USERS } from "@/server/db/demo-users";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl), env.AUTH_URL);
  const message = signInErrorMessage(
    { error: first(params.error), code: first(params.code) },
    { lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES },
  );
  const oidcName = env.OIDC_ISSUER ? env.OIDC_DISPLAY_NAME : null;

  return (
    <main className="flex min-h-screen items-center justify-center bg-canvas px-4 py-12">
      <div className="flex w-full max-w-md flex-col gap-6">
        <div className="text-center">
          <h1 className="text-2xl font-semibold tracking-tight text-fg">Sign in</h1>
          <p className="mt-1 text-sm text-fg-muted">Release governance portal</p>
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

            <form action={signInWithPasswordAction} className="flex flex-col gap-4">
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="signin-email">Email</Label>
                <Input
                  id="signin-email"
                  name="email"
                  type="email"
                  autoComplete="username"
                  spellCheck={false}
                  required
                  autoFocus
                />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="signin-password">Password</Label>
                <Input
                  id="signin-password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                />
              </div>
              <Button type="submit" className="w-full">
                Sign in
              </Button>
            </form>

            {oidcName ? (
              <>
                <div className="flex items-center gap-3 text-xs text-fg-subtle" aria-hidden="true">
                  <span className="h-px flex-1 bg-border" />
                  or
                  <span className="h-px flex-1 bg-border" />
                </div>
                <form action={signInWithOidcAction}>
                  <input type="hidden" name="callbackUrl" value={callbackUrl} />
                  <Button type="submit" variant="secondary" className="w-full">
                    Sign in with {oidcName}
                  </Button>
                </form>
              </>
            ) : null}
          </CardBody>
        </Card>

        {env.DEMO_MODE ? <DemoAccounts callbackUrl={callbackUrl} /> : null}
      </div>
    </main>
  );
}

/** Demo mode only: one account per role, signed in with one click (the password is shown, it is no secret here). */
function DemoAccounts({ callbackUrl }: { callbackUrl: string }) {
  return (
    <Card aria-labelledby="demo-accounts-title">
      <CardHeader>
        <div>
          <CardTitle id="demo-accounts-title">Demo accounts</CardTitle>
          <p className="mt-1 text-xs text-fg-muted">
            Every demo account uses the password <code className="font-mono text-fg">{DEMO_PASSWORD}</code>.
          </p>
        </div>
      </CardHeader>
      <ul className="divide-y divide-border">
        {DEMO_USERS.map((user) => (
          <li key={user.email} className="flex items-center justify-between gap-3 px-5 py-3">
            <div className="min-w-0 text-sm">
              <p className="font-medium text-fg">
                {user.name}{" "}
                <span className="font-normal text-fg-muted">
                  · {user.roles.map((role) => roleLabels[role]).join(", ")}
                </span>
              </p>
              <p className="truncate font-mono text-xs text-fg-subtle">
                {user.email} / {DEMO_PASSWORD}
              </p>
            </div>
            <form action={signInWithPasswordAction}>
              <input type="hidden" name="email" value={user.email} />
              <input type="hidden" name="password" value={DEMO_PASSWORD} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <Button type="submit" variant="secondary" size="sm">
                Sign in as {user.name}
              </Button>
            </form>
          </li>
        ))}
      </ul>
    </Card>
  );
}
