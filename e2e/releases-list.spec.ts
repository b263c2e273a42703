import { createHash } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { signInAsDemo } from "./fixtures";

// The release list a release manager works from: the demo releases (registered through the real service at the
// first start) and one registered here through the browser, each with its lane; the filters; a row opened with
// the keyboard; and the tampered demo release's report naming the file that changed after signing.

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function releaseRow(page: Page, name: RegExp) {
  return page
    .getByRole("table", { name: "Releases" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name }) });
}

test("the release list shows lanes, filters, opens by keyboard, and the report names a tampered file", async ({
  page,
}) => {
  await signInAsDemo(page, "release");
  await page.goto("/releases");
  await expect(page.getByRole("heading", { name: "Releases", level: 1 })).toBeVisible();

  const tampered = releaseRow(page, /^portal 2\.4\.0$/);
  await expect(tampered).toContainText("Failed");
  await expect(tampered.getByRole("list", { name: "Pipeline of portal 2.4.0" })).toContainText(
    "failed verification",
  );
  const verified = releaseRow(page, /^portal 2\.3\.0$/);
  await expect(verified).toContainText("Verified");
  await expect(
    verified.getByRole("list", { name: "Pipeline of portal 2.3.0" }).getByRole("listitem"),
  ).toHaveText([/^DEV/, /^STAGING/, /^PROD/]);

  // a release engineer registers an unsigned bundle from the browser: it is registered, and it fails
  const version = `3.0.${Date.now() % 100000}`;
  const artifact = `edge build ${version}\n`;
  await page.getByRole("button", { name: "Register a release" }).click();
  const drawer = page.getByRole("dialog", { name: "Register a release" });
  await drawer.getByLabel("Product").fill("edge");
  await drawer.getByLabel("Version").fill(`v${version}`);
  await drawer.getByLabel("Source commit").fill(sha256(version).slice(0, 40));
  await drawer.getByLabel("CI run id").fill(`run-${version}`);
  await drawer.getByLabel("Bundle files").setInputFiles([
    { name: "SHA256SUMS", mimeType: "text/plain", buffer: Buffer.from(`${sha256(artifact)}  edge.bin\n`) },
    { name: "edge.bin", mimeType: "application/octet-stream", buffer: Buffer.from(artifact) },
  ]);
  await expect(drawer).toContainText("1 artifact · SHA256SUMS");
  await drawer.getByRole("button", { name: "Register" }).click();
  // bad input is refused with the reason beside the field, and nothing is registered
  await expect(drawer.getByText(/must be a semantic version/)).toBeVisible();
  await drawer.getByLabel("Version").fill(version);
  await drawer.getByRole("button", { name: "Register" }).click();
  await page.waitForURL(/\/releases\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: `edge ${version}`, level: 1 })).toBeVisible();
  // the verification report says it, and so does the promotion card once its own check has loaded
  await expect(page.getByRole("alert").filter({ hasText: "SHA256SUMS is not signed" }).first()).toBeVisible();

  await page.goto("/releases");
  const registered = releaseRow(page, new RegExp(`^edge ${version.replace(/\./g, "\\.")}$`));
  await expect(registered).toContainText("Failed");
  await expect(registered).toContainText("Rhea Release");

  // filters: each narrows the list, and lands in the URL
  const table = page.getByRole("table", { name: "Releases" });
  await page.getByLabel("Verification").selectOption("FAILED");
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(verified).toHaveCount(0);
  await expect(tampered).toBeVisible();
  await expect(registered).toBeVisible();
  await page.getByLabel("Product").selectOption("agent");
  await expect(table.getByText("No releases match these filters.")).toBeVisible();
  await page.getByLabel("Verification").selectOption("");
  await expect(releaseRow(page, /^agent 1\.8\.2$/)).toBeVisible();
  await expect(tampered).toHaveCount(0);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByLabel("Stage").selectOption("NONE");
  await expect(tampered).toBeVisible();
  await page.getByLabel("Stage").selectOption("PROD");
  await expect(tampered).toHaveCount(0);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByLabel("Waiting for me").check();
  await expect(page).toHaveURL(/waiting=me/);
  // whatever the demo holds: every row shown waits for Rhea, and the tampered one never does
  await expect(tampered).toHaveCount(0);
  for (const row of await table
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") })
    .all()) {
    await expect(row).toContainText("Waiting for you");
  }
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(tampered).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/releases-list.png", fullPage: true });

  // the keyboard: Tab from the filters reaches the first row, the arrows move, Enter opens
  await page.getByRole("button", { name: "Clear filters" }).focus();
  await page.keyboard.press("Tab");
  const rows = table.getByRole("row").filter({ has: page.getByRole("rowheader") });
  await expect(rows.first()).toBeFocused();
  await expect(async () => {
    await page.keyboard.press("ArrowDown");
    await expect(tampered).toBeFocused({ timeout: 200 });
  }).toPass({ timeout: 10_000 });
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/releases\/[0-9a-f-]{36}$/);

  // the tampered release's report: the summary, the file, both digests and why
  await expect(page.getByRole("heading", { name: "portal 2.4.0", level: 1 })).toBeVisible();
  const report = page.getByRole("region", { name: "Verification report" });
  await expect(report.getByRole("alert")).toHaveText("1 file(s) do not match their listed SHA-256");
  const file = report
    .getByRole("table", { name: "Files" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: "portal-2.4.0-linux-amd64.tar.gz" }) });
  await expect(file).toContainText("Mismatch");
  await expect(file).toContainText(
    "its bytes do not match the SHA-256 in SHA256SUMS and manifest.dsse: the file changed after signing",
  );
  await expect(report.getByRole("table", { name: "Signatures" })).toContainText("Valid");
  await expect(page.getByRole("list", { name: "Pipeline of portal 2.4.0" }).first()).toContainText("Blocked");
  await page.screenshot({ path: "test-results/e2e/release-detail.png", fullPage: true });
});

test("an auditor reads releases but is not offered registration", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  await page.goto("/releases");
  await expect(page.getByRole("table", { name: "Releases" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Register a release" })).toHaveCount(0);
  const refused = await page.request.post("/releases/upload", { multipart: { product: "x" } });
  expect(refused.status()).toBe(403);
});

test("a pipeline registers through /api/v1/releases: files past 10 MB, digests, retries and refusals", async ({
  page,
  request,
}) => {
  // the pipeline's token, made by an administrator in the UI
  await signInAsDemo(page, "admin");
  await page.goto("/admin/api-tokens");
  await page.getByRole("button", { name: "New token" }).click();
  const drawer = page.getByRole("dialog", { name: "New API token" });
  await drawer.getByLabel("Name").fill(`release pipeline ${Date.now()}`);
  await drawer.getByRole("button", { name: "Create token" }).click();
  const token =
    (await page.getByRole("dialog", { name: "Token created" }).getByTestId("created-token").textContent()) ??
    "";
  const auth = { authorization: `Bearer ${token}` };

  // 12 MB of artifact: past the 10 MB Next buffers for requests its proxy sees, so this proves the upload streams
  const version = `7.0.${Date.now() % 100000}`;
  const artifact = Buffer.alloc(12 * 1024 * 1024, 7);
  const sums = `${createHash("sha256").update(artifact).digest("hex")}  big.bin\n`;
  const meta = { product: "bigedge", version, sourceCommit: sha256(version).slice(0, 40), ciRunId: "e2e" };
  const files = await request.post("/api/v1/releases", {
    headers: auth,
    multipart: {
      ...meta,
      SHA256SUMS: { name: "SHA256SUMS", mimeType: "text/plain", buffer: Buffer.from(sums) },
      artifact: { name: "big.bin", mimeType: "application/octet-stream", buffer: artifact },
    },
  });
  expect(files.status(), await files.text()).toBe(201);
  const created = await files.json();
  expect(created.release).toMatchObject({ product: "bigedge", version, verificationStatus: "FAILED" });
  expect(created.release.artifacts).toEqual([
    expect.objectContaining({ path: "big.bin", size: artifact.length, stored: true }),
  ]);

  // the same SHA256SUMS again, as digests: a no-op answering the release already there
  const digests = {
    ...meta,
    checksums: sums,
    artifacts: [{ path: "big.bin", sha256: sums.slice(0, 64), size: artifact.length }],
  };
  const again = await request.post("/api/v1/releases", { headers: auth, data: digests });
  expect(again.status()).toBe(200);
  expect((await again.json()).release.id).toBe(created.release.id);
  const conflict = await request.post("/api/v1/releases", {
    headers: auth,
    data: {
      ...digests,
      checksums: `${sums}${"0".repeat(64)}  other.bin\n`,
      artifacts: [...digests.artifacts, { path: "other.bin", sha256: "0".repeat(64), size: 1 }],
    },
  });
  expect(conflict.status()).toBe(409);
  expect((await conflict.json()).error.message).toMatch(/versions are immutable/);
  const badVersion = await request.post("/api/v1/releases", {
    headers: auth,
    data: { ...digests, version: "latest" },
  });
  expect(badVersion.status()).toBe(400);
  expect((await badVersion.json()).error.fieldErrors.version[0]).toMatch(/semantic version/);

  const polled = await request.get(`/api/v1/releases?product=bigedge&version=${version}`, { headers: auth });
  expect((await polled.json()).releases.map((release: { id: string }) => release.id)).toEqual([
    created.release.id,
  ]);
});
