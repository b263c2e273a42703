import { expect, test } from "@playwright/test";
import { signInAsDemo } from "./fixtures";

test("a page of another role answers 403 and says so", async ({ page }) => {
  await signInAsDemo(page, "incident");
  const response = await page.goto("/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("403");
  const rbac = await page.goto("/admin/rbac");
  expect(rbac?.status()).toBe(403);
});

test("the API answers 401 when signed out and 403 when signed in without the permission", async ({
  page,
  request,
}) => {
  const signedOut = await request.get("/api/trpc/audit.filterOptions");
  expect(signedOut.status()).toBe(401);
  await signInAsDemo(page, "incident");
  const forbidden = await page.request.get("/api/trpc/audit.filterOptions");
  expect(forbidden.status()).toBe(403);
  const body = await forbidden.json();
  expect(body.error.json.data.code).toBe("FORBIDDEN");
  const allowed = await page.request.get("/api/trpc/authz.me");
  expect(allowed.status()).toBe(200);
});

test("bad input gets 400 with field messages, never a stack trace", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  const input = encodeURIComponent(
    JSON.stringify({ json: { limit: 5000, filters: { from: "not a date" } } }),
  );
  const response = await page.request.get(`/api/trpc/audit.list?input=${input}`);
  expect(response.status()).toBe(400);
  const text = await response.text();
  expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/);
  const body = JSON.parse(text);
  expect(Object.keys(body.error.json.data.fieldErrors)).toEqual(expect.arrayContaining(["limit"]));
});

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/signin");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[\w-]+'/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});
