// Sign-in helpers for the specs. They act as a person would: through the sign-in page.
import { expect, type Locator, type Page } from "@playwright/test";

export const DEMO = {
  release: { name: "Rhea Release", email: "rhea@demo.test", role: "Release engineer" },
  security: { name: "Sam Security", email: "sam@demo.test", role: "Security officer" },
  auditor: { name: "Ada Auditor", email: "ada@demo.test", role: "Auditor" },
  incident: { name: "Ian Incident", email: "ian@demo.test", role: "Incident responder" },
  admin: { name: "Adam Admin", email: "adam@demo.test", role: "Administrator" },
} as const;

export const DEMO_PASSWORD = "demo-password";

export async function signInWithPassword(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function signInAsDemo(page: Page, who: keyof typeof DEMO): Promise<void> {
  await signInWithPassword(page, DEMO[who].email);
  await expect(page.getByTestId("signed-in-user")).toHaveText(DEMO[who].name);
}

/** Signs in at the test identity provider (e2e/oidc-server.mjs): any password is accepted there. */
export async function signInWithOidc(page: Page, login: string): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("button", { name: /Test IdP/ }).click();
  await page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: /sign-?in/i }).click();
}

/**
 * Clicks a table row until its dialog opens. On its first cell: the middle of a row may hold a copy button, whose
 * click is its own. Again and again: rows rendered on the server ignore a click that lands before React has
 * hydrated the page, so the first click after a navigation can be lost (a person would click again).
 */
export async function openRowDialog(row: Locator, dialog: Locator): Promise<void> {
  await expect(async () => {
    await row.locator("th, td").first().click({ timeout: 5_000 });
    await expect(dialog).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}
