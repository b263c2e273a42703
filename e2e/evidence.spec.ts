import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInAsDemo } from "./fixtures";

const SHOTS = "test-results/screenshots";

function sh(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Evidence from upload to an auditor's desk: a release engineer uploads an SBOM in the browser (a broken one is
// refused first), finds it, checks its stored bytes, exports it as a bundle and downloads it; the download verifies
// with sha256sum and the offline CLI, and one flipped byte makes the CLI fail and name the file.
test("upload an SBOM, find it, open it, export it as a bundle and verify the download offline", async ({
  page,
}) => {
  const stamp = Date.now();
  const fileName = `payments-${stamp}.cdx.json`;
  const sbom = Buffer.from(
    `${JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1, metadata: { component: { name: "payments", version: String(stamp) } } }, null, 2)}\n`,
  );
  const sha256 = createHash("sha256").update(sbom).digest("hex");

  await signInAsDemo(page, "release");
  await page.goto("/evidence");
  await expect(page.getByRole("heading", { name: "Evidence", level: 1 })).toBeVisible();
  const table = page.getByRole("table", { name: "Evidence" });
  // the demo seed's evidence is there on first start
  await expect(table.getByRole("row").filter({ hasText: "portal-1.4.0.cdx.json" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/evidence-list.png`, fullPage: true });

  await page.getByRole("button", { name: "Upload evidence" }).click();
  const drawer = page.getByRole("dialog", { name: "Upload evidence" });
  await drawer.getByLabel("Kind").selectOption("SBOM");
  await drawer.getByLabel("File").setInputFiles({
    name: "broken.cdx.json",
    mimeType: "application/vnd.cyclonedx+json",
    buffer: Buffer.from('{"bomFormat": "CycloneDX", "specVersion": '),
  });
  await drawer.getByRole("button", { name: "Upload" }).click();
  await expect(
    drawer.getByText(/declared as application\/vnd\.cyclonedx\+json, but it is not valid JSON/),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/evidence-upload-refused.png` });

  await drawer
    .getByLabel("File")
    .setInputFiles({ name: fileName, mimeType: "application/json", buffer: sbom });
  await drawer.getByLabel("Subject digest").fill(`sha256:${"7".repeat(64)}`);
  const proofs = drawer.getByLabel("Compliance proof artifact");
  const proof = await proofs
    .locator("option", { hasText: "Item 3: One-click" })
    .first()
    .getAttribute("value");
  await proofs.selectOption(proof ?? "");
  await page.screenshot({ path: `${SHOTS}/evidence-upload.png` });
  await drawer.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Uploaded ${fileName}` })).toBeVisible();
  await expect(drawer).toBeHidden();

  await page.getByLabel("File or digest").fill(fileName);
  const row = table.getByRole("row").filter({ hasText: fileName });
  await expect(row).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(row).toContainText("SBOM");
  await expect(row).toContainText(sha256.slice(0, 12));

  await row.locator("th").first().click();
  await expect(page.getByRole("heading", { name: fileName, level: 1 })).toBeVisible();
  await expect(page.getByTestId("evidence-sha256")).toHaveText(sha256);
  await expect(page.getByTestId("blob-state")).toHaveText("Bytes match");
  await expect(page.getByText("application/vnd.cyclonedx+json")).toBeVisible();
  await expect(page.getByRole("link", { name: /item 3: One-click/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/evidence-detail.png`, fullPage: true });

  await page.goBack();
  await page.getByLabel("File or digest").fill(fileName);
  await row.getByRole("checkbox", { name: `Pick ${fileName} for a bundle` }).check();
  await page.getByRole("link", { name: "Export 1 selected" }).click();
  await expect(page.getByRole("heading", { name: "Evidence bundles", level: 1 })).toBeVisible();
  await expect(page.getByTestId("bundle-preview")).toHaveText(/^1 file, .*: SBOM 1$/);
  await page.getByLabel("Title").fill(`Payments ${stamp} for the auditors`);
  await page.getByRole("button", { name: "Export bundle" }).click();
  const exported = page
    .getByRole("status")
    .filter({ hasText: `Exported “Payments ${stamp} for the auditors”` });
  await expect(exported).toBeVisible({ timeout: 30_000 });
  await expect(
    page
      .getByRole("table", { name: "Evidence bundles" })
      .getByRole("row")
      .filter({ hasText: `Payments ${stamp}` }),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/evidence-bundles.png`, fullPage: true });

  const downloading = page.waitForEvent("download");
  await exported.getByRole("link", { name: /^Download evidence-bundle-.*\.tar\.gz$/ }).click();
  const download = await downloading;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-bundle-"));
  try {
    const archive = path.join(dir, download.suggestedFilename());
    await download.saveAs(archive);
    expect(sh("tar", ["-xzf", archive, "-C", dir], dir).status).toBe(0);
    const folder = path.join(dir, download.suggestedFilename().replace(/\.tar\.gz$/, ""));
    const sums = sh("sha256sum", ["--strict", "-c", "SHA256SUMS"], folder);
    expect(sums.status, sums.output).toBe(0);
    expect(sums.output).toContain(`files/sbom/${fileName}: OK`);
    expect(fs.readFileSync(path.join(folder, "files/sbom", fileName))).toEqual(sbom);
    // the audit log's signed checkpoint and the upload's inclusion proof come along (the demo has a checkpoint key)
    expect(fs.existsSync(path.join(folder, "checkpoints/audit-checkpoint.txt"))).toBe(true);

    const cli = sh(process.execPath, ["bin/portal-verify.mjs", "bundle", archive], process.cwd());
    expect(cli.status, cli.output).toBe(0);
    expect(cli.output).toMatch(/VERIFIED: \d+ files, signed by sha256:[0-9a-f]{64}/);

    const bytes = fs.readFileSync(path.join(folder, "files/sbom", fileName));
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    fs.writeFileSync(path.join(folder, "files/sbom", fileName), bytes);
    const tampered = sh(process.execPath, ["bin/portal-verify.mjs", "bundle", folder], process.cwd());
    expect(tampered.status).toBe(1);
    expect(tampered.output).toContain(`NOT VERIFIED: files/sbom/${fileName}`);
    expect(sh("sha256sum", ["--strict", "-c", "SHA256SUMS"], folder).output).toContain(
      `files/sbom/${fileName}: FAILED`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an auditor downloads the demo bundle but cannot upload or export", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  await page.goto("/evidence");
  await expect(page.getByRole("row").filter({ hasText: "INC-2041-timeline.txt" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Upload evidence" })).toHaveCount(0);
  await page.getByRole("link", { name: "Bundles" }).click();
  await expect(page.getByRole("heading", { name: "Export a bundle" })).toHaveCount(0);
  const demo = page.getByRole("row").filter({ hasText: "Readiness program evidence (demo)" });
  await expect(demo).toBeVisible();
  const response = await page.request.get(
    (await demo.getByRole("link", { name: /^Download Readiness program evidence/ }).getAttribute("href")) ??
      "",
  );
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/gzip");
  const upload = await page.request.post("/evidence/upload", { multipart: { kind: "OTHER" } });
  expect(upload.status()).toBe(403);
});

test("an unknown evidence id says so, and a malformed one is not found", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  await page.goto("/evidence/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("alert").filter({ hasText: "No such evidence" })).toBeVisible();
  expect((await page.goto("/evidence/not-an-id"))?.status()).toBe(404);
});
