import { expect, test } from "@playwright/test";
import { signInAsDemo } from "./fixtures";

// A pipeline's credential through its life: an administrator creates it in the UI, the pipeline uses it over
// HTTP, the administrator revokes it, and the pipeline's next call is refused.
test("an admin creates an API token, a pipeline calls /api/v1 with it, and revocation stops it", async ({
  page,
  request,
}) => {
  const name = `payments release ${Date.now()}`;
  await signInAsDemo(page, "admin");
  await page.goto("/admin");
  await page.getByRole("link", { name: /API tokens/ }).click();
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();

  await page.getByRole("button", { name: "New token" }).click();
  const drawer = page.getByRole("dialog", { name: "New API token" });
  await drawer.getByLabel("Name").fill(name);
  await drawer.getByLabel("Upload evidence").check();
  await drawer.getByRole("button", { name: "Create token" }).click();
  const created = page.getByRole("dialog", { name: "Token created" });
  const token = (await created.getByTestId("created-token").textContent()) ?? "";
  expect(token).toMatch(/^rgp_/);
  await expect(created.getByText("/api/v1/whoami")).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/api-token-created.png" });
  await created.getByRole("button", { name: "Done" }).click();

  const whoami = await request.get("/api/v1/whoami", { headers: { authorization: `Bearer ${token}` } });
  expect(whoami.status()).toBe(200);
  expect((await whoami.json()).token).toMatchObject({
    name,
    scopes: ["release:read", "release:register", "evidence:upload"],
  });
  const anonymous = await request.get("/api/v1/whoami");
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.message).toMatch(/Authorization: Bearer/);

  const table = page.getByRole("table", { name: "API tokens" });
  const row = table.getByRole("row").filter({ hasText: name });
  await page.reload();
  await expect(row).toContainText("Active");
  await page.screenshot({ path: "test-results/e2e/api-tokens.png", fullPage: true });
  await row.click();
  const details = page.getByRole("dialog", { name: `Token ${name}` });
  await details.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Token ${name} revoked.` })).toBeVisible();
  await expect(row).toContainText("Revoked");

  const refused = await request.get("/api/v1/whoami", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toBe("This API token is revoked");
});

test("an auditor cannot open the API tokens page", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  const response = await page.goto("/admin/api-tokens");
  expect(response?.status()).toBe(403);
});
