import { expect, test } from "@playwright/test";
import { DEMO, openRowDialog, signInAsDemo } from "./fixtures";

test("an auditor browses, filters and inspects the audit log, then verifies the chain", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
  const table = page.getByRole("table", { name: "Audit events" });
  // this sign-in is on the first page (newest first); the demo seed, older than a page of seeded events, is found
  // by its action
  await expect(table.getByRole("row").filter({ hasText: DEMO.auditor.name }).first()).toBeVisible();
  await page.getByLabel("Action").selectOption("system.demo_seeded");
  await expect(page).toHaveURL(/action=system\.demo_seeded/);
  await expect(table.getByRole("row").filter({ hasText: "system.demo_seeded" })).toHaveCount(1);

  await page.getByLabel("Action").selectOption("user.created");
  await expect(page).toHaveURL(/action=user\.created/);
  // the five demo accounts and the two demo key custodians, created by the seed ("system"); other specs may have
  // created accounts of their own
  await expect(
    table.getByRole("row").filter({ hasText: "user.created" }).filter({ hasText: "system" }),
  ).toHaveCount(7);
  await expect(table.getByRole("row").filter({ hasText: "auth.sign_in" })).toHaveCount(0);

  await table.getByRole("row").filter({ hasText: "user.created" }).first().click();
  const drawer = page.getByRole("dialog");
  await expect(drawer).toContainText(/hash matches its content/i);
  await expect(drawer).toContainText('"type": "user.created"');
  await page.screenshot({ path: "test-results/screens/audit-event.png", fullPage: true });
  await drawer.getByRole("button", { name: "Close" }).click();
  await expect(drawer).toBeHidden();

  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText(/Chain intact: \d+ events verified/)).toBeVisible();
  // verifying is itself recorded
  await expect(table.getByRole("row").filter({ hasText: "audit.chain_verified" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/audit-verified.png", fullPage: true });
});

test("a release engineer can read the log but not run verification, and is refused by the API too", async ({
  page,
}) => {
  await signInAsDemo(page, "release");
  await page.goto("/audit");
  await expect(page.getByRole("table", { name: "Audit events" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Verify chain" })).toHaveCount(0);
  const response = await page.request.post("/api/trpc/audit.verifyChain", { data: { json: null } });
  expect(response.status()).toBe(403);
});

test("the permission matrix is readable by auditors and downloadable as JSON", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  await page.goto("/admin/rbac");
  const matrix = page.getByRole("table", { name: "Permissions granted to each role" });
  await expect(matrix.getByRole("columnheader")).toContainText([
    "Release engineer",
    "Security officer",
    "Auditor",
    "Incident responder",
    "Administrator",
  ]);
  const json = await page.request.get("/admin/rbac/matrix.json");
  expect(json.status()).toBe(200);
  const body = await json.json();
  expect(body.roles.find((entry: { role: string }) => entry.role === "AUDITOR").permissions).toContain(
    "audit:verify",
  );
  await page.screenshot({ path: "test-results/screens/rbac.png", fullPage: true });
});

test("signing out and failed sign-ins are in the log for auditors", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(DEMO.incident.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await signInAsDemo(page, "incident");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await signInAsDemo(page, "auditor");
  const table = page.getByRole("table", { name: "Audit events" });
  await page.goto("/audit?action=auth.sign_out");
  await expect(table.getByRole("row").filter({ hasText: DEMO.incident.name }).first()).toBeVisible();
  await page.goto("/audit?action=auth.sign_in_failed");
  const drawer = page.getByRole("dialog");
  await openRowDialog(table.getByRole("row").filter({ hasText: "auth.sign_in_failed" }).first(), drawer);
  await expect(drawer).toContainText('"reason": "bad_credentials"');
  await expect(drawer).toContainText(DEMO.incident.email);
  await expect(drawer).not.toContainText("wrong-password");
});
