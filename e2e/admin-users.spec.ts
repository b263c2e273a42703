import { expect, type Page, test } from "@playwright/test";
import { DEMO, signInAsDemo, signInWithPassword } from "./fixtures";

// One account through its life: created by the admin, used, disabled. Unique per run, so a rerun against a kept
// database does not collide with the last one.
const NEWCOMER = {
  name: "Nora Newcomer",
  email: `nora.${Date.now()}@example.test`,
  password: "nora's first passphrase",
};

const AUDITOR_NAV = [
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
];

test.describe.configure({ mode: "serial" });

async function openAccount(page: Page, email: string, dialogName: string) {
  await page.goto("/admin/users");
  await page.getByLabel("Search").fill(email);
  // the filter is in the URL, so the filtered list can be shared
  await expect(page).toHaveURL(/[?&]q=/);
  const table = page.getByRole("table", { name: "User accounts" });
  await expect(table.getByRole("row").filter({ hasText: email })).toHaveCount(1);
  await table.getByRole("row").filter({ hasText: email }).click();
  const drawer = page.getByRole("dialog", { name: dialogName });
  await expect(drawer).toBeVisible();
  return drawer;
}

test("the admin creates an account for a new auditor, who signs in with it and sees the auditor's sections", async ({
  page,
}) => {
  await signInAsDemo(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.getByRole("link", { name: /User accounts/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("User accounts");
  const table = page.getByRole("table", { name: "User accounts" });
  await expect(table.getByRole("row").filter({ hasText: DEMO.admin.email })).toContainText("Administrator");

  await page.getByRole("button", { name: "New account" }).click();
  const drawer = page.getByRole("dialog", { name: "New account" });
  // an empty form comes back with the server's message beside each field
  await drawer.getByRole("button", { name: "Create account" }).click();
  await expect(drawer.getByText("Enter a valid email address")).toBeVisible();
  await expect(drawer.getByText("Choose at least one role")).toBeVisible();
  await expect(drawer.getByText("At least 12 characters")).toBeVisible();

  await drawer.getByLabel("Email").fill(NEWCOMER.email);
  await drawer.getByLabel("Name").fill(NEWCOMER.name);
  await drawer.getByLabel("Auditor", { exact: true }).check();
  await drawer.getByLabel("Password").fill(NEWCOMER.password);
  await drawer.getByRole("button", { name: "Create account" }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByText(`Account created for ${NEWCOMER.email}.`)).toBeVisible();
  const row = table.getByRole("row").filter({ hasText: NEWCOMER.email });
  await expect(row).toContainText(NEWCOMER.name);
  await expect(row).toContainText("Auditor");
  await expect(row).toContainText("Password");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never");
  await page.screenshot({ path: "test-results/screens/admin-users.png", fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signInWithPassword(page, NEWCOMER.email, NEWCOMER.password);
  await expect(page.getByTestId("signed-in-user")).toHaveText(NEWCOMER.name);
  await expect(page.getByRole("list", { name: "Your roles" })).toHaveText("Auditor");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(AUDITOR_NAV);
  // an auditor reads the matrix but does not manage accounts
  expect((await page.goto("/admin/users"))?.status()).toBe(403);
});

test("the admin disables the account: its open session ends and its next sign-in is refused", async ({
  page,
  browser,
  baseURL,
}) => {
  const newcomerContext = await browser.newContext({ baseURL });
  const newcomer = await newcomerContext.newPage();
  await signInWithPassword(newcomer, NEWCOMER.email, NEWCOMER.password);
  await expect(newcomer.getByTestId("signed-in-user")).toHaveText(NEWCOMER.name);

  await signInAsDemo(page, "admin");
  const drawer = await openAccount(page, NEWCOMER.email, NEWCOMER.name);
  await drawer.getByRole("button", { name: "Disable account" }).click();
  await expect(drawer.getByRole("status")).toContainText("Account disabled");
  await expect(drawer.getByRole("button", { name: "Enable account" })).toBeVisible();
  await drawer.getByRole("button", { name: "Close" }).click();
  await expect(
    page.getByRole("table", { name: "User accounts" }).getByRole("row").filter({ hasText: NEWCOMER.email }),
  ).toContainText("Disabled");

  // the session the newcomer already had is worth nothing on its next request
  await newcomer.reload();
  await expect(newcomer).toHaveURL(/\/signin/);
  await signInWithPassword(newcomer, NEWCOMER.email, NEWCOMER.password);
  await expect(newcomer.getByRole("main").getByRole("alert")).toContainText("This account is disabled");
  await newcomerContext.close();
});

test("the admin cannot remove their own Administrator role, and is told why", async ({ page }) => {
  await signInAsDemo(page, "admin");
  const drawer = await openAccount(page, DEMO.admin.email, `${DEMO.admin.name} (you)`);
  await drawer.getByLabel("Administrator", { exact: true }).uncheck();
  await drawer.getByLabel("Auditor", { exact: true }).check();
  await drawer.getByRole("button", { name: "Save changes" }).click();
  await expect(drawer.getByRole("alert")).toContainText("You cannot remove your own Administrator role");
  await page.screenshot({ path: "test-results/screens/admin-users-refusal.png", fullPage: true });

  await page.reload();
  await expect(
    page.getByRole("table", { name: "User accounts" }).getByRole("row").filter({ hasText: DEMO.admin.email }),
  ).toContainText("Administrator");
});
