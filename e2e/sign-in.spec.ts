import { expect, test } from "@playwright/test";
import { DEMO, signInAsDemo, signInWithOidc, signInWithPassword } from "./fixtures";

// What each role sees in the main navigation (server/authz/navigation.ts against the matrix).
const NAV_BY_ROLE: Record<keyof typeof DEMO, string[]> = {
  release: [
    "Overview",
    "Releases",
    "Policies",
    "Compliance",
    "Break-glass",
    "Evidence",
    "Continuity",
    "Audit",
    "Keys",
  ],
  security: [
    "Overview",
    "Releases",
    "Policies",
    "Compliance",
    "Break-glass",
    "Evidence",
    "Continuity",
    "Audit",
    "Keys",
    "Admin",
  ],
  auditor: [
    "Overview",
    "Releases",
    "Policies",
    "Compliance",
    "Break-glass",
    "Evidence",
    "Continuity",
    "Audit",
    "Keys",
    "Admin",
  ],
  incident: ["Overview", "Releases", "Break-glass", "Evidence", "Continuity", "Keys"],
  admin: [
    "Overview",
    "Releases",
    "Policies",
    "Compliance",
    "Evidence",
    "Continuity",
    "Audit",
    "Keys",
    "Admin",
  ],
};

test("the sign-in page lists the demo accounts, one per role", async ({ page }) => {
  await page.goto("/signin");
  for (const account of Object.values(DEMO)) {
    await expect(page.getByRole("button", { name: `Sign in as ${account.name}` })).toBeVisible();
  }
  await page.screenshot({ path: "test-results/screens/sign-in.png", fullPage: true });
});

for (const [who, account] of Object.entries(DEMO) as [
  keyof typeof DEMO,
  (typeof DEMO)[keyof typeof DEMO],
][]) {
  test(`${account.role}: signs in with a password and sees the navigation for the role`, async ({ page }) => {
    await signInAsDemo(page, who);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      `Welcome, ${account.name.split(" ")[0]}`,
    );
    await expect(page.getByRole("list", { name: "Your roles" })).toHaveText(account.role);
    const nav = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(nav).toHaveText(NAV_BY_ROLE[who]);
    await page.screenshot({ path: `test-results/screens/overview-${who}.png`, fullPage: true });
  });
}

test("a wrong password is refused with a clear message, and signing out ends the session", async ({
  page,
}) => {
  await signInWithPassword(page, DEMO.release.email, "not-the-password");
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/wrong email or password/i);
  await signInAsDemo(page, "release");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F/);
});

test("signs in through the OIDC identity provider with roles from its groups claim", async ({ page }) => {
  await signInWithOidc(page, "sergio");
  await expect(page.getByTestId("signed-in-user")).toHaveText("Sergio Sso");
  await expect(page.getByRole("list", { name: "Your roles" })).toHaveText("Security officer");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(
    NAV_BY_ROLE.security,
  );
});

test("an identity-provider user with no mapped role is refused", async ({ page }) => {
  await signInWithOidc(page, "nobody");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/role/i);
});

test("re-authentication refreshes the identity time without signing out", async ({ page }) => {
  await signInAsDemo(page, "security");
  await page.getByRole("link", { name: "Confirm identity now" }).click();
  await expect(page).toHaveURL(/\/reauth/);
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: /confirm/i }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByTestId("signed-in-user")).toHaveText(DEMO.security.name);
  // the audit log records it as a re-authentication, not a new sign-in
  await page.goto("/audit?action=auth.sign_in");
  await page.getByRole("row").filter({ hasText: DEMO.security.name }).first().click();
  await expect(page.getByRole("dialog")).toContainText('"reauthentication": true');
});

test("an identity-provider user re-authenticates by logging in at the IdP again", async ({ page }) => {
  await signInWithOidc(page, "audrey");
  await expect(page.getByTestId("signed-in-user")).toHaveText("Audrey Oidc");
  await page.goto("/reauth?callbackUrl=/audit");
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  // prompt=login: the IdP asks again even though its own session is still alive
  await page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill("audrey");
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: /sign-?in/i }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Audrey Oidc");
  await page.goto("/audit?action=auth.sign_in");
  await page.getByRole("row").filter({ hasText: "Audrey Oidc" }).first().click();
  const drawer = page.getByRole("dialog");
  await expect(drawer).toContainText('"method": "oidc"');
  await expect(drawer).toContainText('"reauthentication": true');
});
