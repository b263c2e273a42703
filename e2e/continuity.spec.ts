// /reports/continuity as an auditor uses it around an upgrade: the demo's before/after snapshots and their signed
// report are there on the first visit; a verify-all run started from the page finishes in the background; a blob
// changed on disk shows up as CHANGED in the next comparison; the signed report downloads as self-contained HTML
// and as JSON + envelope that the offline CLI verifies. Screenshots go to test-results/screenshots.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { signInAsDemo } from "./fixtures";

const SCREENSHOTS = "test-results/screenshots";

test.describe.configure({ mode: "serial" });

async function openContinuity(page: Page) {
  await page.goto("/reports/continuity");
  await expect(page.getByRole("heading", { level: 1, name: "Continuity reports" })).toBeVisible();
}

async function runVerifyAll(page: Page, label: string) {
  await page.getByLabel("Label").fill(label);
  await page.getByRole("button", { name: "Run verify-all" }).click();
  // the run goes on in the background; the page polls it and says when it is done
  await expect(page.getByRole("status").filter({ hasText: `verify-all “${label}” finished.` })).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    page.getByRole("table", { name: "verify-all snapshots" }).getByRole("row", { name: new RegExp(label) }),
  ).toBeVisible();
}

async function chooseSnapshot(page: Page, field: "Baseline (before)" | "Target (after)", label: string) {
  const select = page.getByLabel(field);
  const value = await select
    .locator("option", { hasText: `${label} — ` })
    .first()
    .getAttribute("value");
  if (!value) throw new Error(`no snapshot “${label}”`);
  await select.selectOption(value);
}

/** The demo's SARIF blob on disk (DATA_DIR/blobs/sha256/<2>/<64>), found by its content. */
function demoSarifBlob(): string {
  const root = path.join(process.env.E2E_DATA_DIR as string, "blobs", "sha256");
  for (const dir of fs.readdirSync(root)) {
    for (const name of fs.readdirSync(path.join(root, dir))) {
      const file = path.join(root, dir, name);
      const text = fs.readFileSync(file, "utf8");
      // SARIF (runs[]) from grype; the demo also holds a CycloneDX scan made with grype, which has no runs
      if (text.includes('"runs"') && text.includes('"grype"')) return file;
    }
  }
  throw new Error("the demo SARIF blob is not on disk");
}

test("the demo's upgrade story is there on the first visit: CONTINUOUS, nothing changed, one SBOM added", async ({
  page,
}) => {
  await signInAsDemo(page, "auditor");
  await openContinuity(page);
  const snapshots = page.getByRole("table", { name: "verify-all snapshots" });
  await expect(snapshots.getByRole("row", { name: /pre-upgrade 2026\.11/ })).toBeVisible();
  await expect(snapshots.getByRole("row", { name: /post-upgrade 2027\.1/ })).toBeVisible();
  await expect(page.getByLabel("Baseline (before)")).toHaveValue(/./);
  const verdict = page.getByRole("status").filter({ hasText: "CONTINUOUS" });
  await expect(verdict).toContainText("Every piece of evidence of “pre-upgrade 2026.11”");
  const chart = page.getByRole("figure", { name: "Evidence by continuity status" });
  // whatever else the demo seeds, the story's snapshots differ by exactly the one SBOM added between them
  await expect(chart.getByRole("button", { name: /Changed\s*0 of/ })).toBeVisible();
  await expect(chart.getByRole("button", { name: /Missing\s*0 of/ })).toBeVisible();
  await expect(chart.getByRole("button", { name: /Added\s*1 of/ })).toBeVisible();
  await expect(page.getByText("Reproduces the old root: every baseline digest is unchanged.")).toBeVisible();
  await expect(page.getByText(/Consistency proof verified/)).toBeVisible();
  await expect(page.getByRole("link", { name: "HTML (printable)" })).toBeVisible();
  await chart.getByRole("button", { name: /Added\s*1 of/ }).click();
  const items = page.getByRole("table", { name: "Evidence in the comparison" });
  await expect(items.getByRole("row")).toHaveCount(2);
  await expect(items).toContainText("payments-api-2.15.0.cdx.json");
  await expect(page).toHaveURL(/status=ADDED/);
  await page.screenshot({ path: `${SCREENSHOTS}/continuity-demo.png`, fullPage: true });
});

test("verify-all before and after: nothing changed is CONTINUOUS, a blob edited on disk is named as CHANGED", async ({
  page,
}) => {
  await signInAsDemo(page, "auditor");
  await openContinuity(page);
  await runVerifyAll(page, "e2e before");
  await runVerifyAll(page, "e2e nothing changed");
  await chooseSnapshot(page, "Baseline (before)", "e2e before");
  await chooseSnapshot(page, "Target (after)", "e2e nothing changed");
  await expect(page.getByRole("status").filter({ hasText: "CONTINUOUS" })).toBeVisible();
  const chart = page.getByRole("figure", { name: "Evidence by continuity status" });
  await expect(chart.getByRole("button", { name: /Changed\s*0 of/ })).toBeVisible();
  await expect(chart.getByRole("button", { name: /Missing\s*0 of/ })).toBeVisible();
  await expect(chart.getByRole("button", { name: /Added\s*0 of/ })).toBeVisible();

  const blob = demoSarifBlob();
  const original = fs.readFileSync(blob);
  fs.writeFileSync(blob, '{"version":"2.1.0","runs":[{"results":["edited on disk"]}]}\n');
  try {
    await runVerifyAll(page, "e2e after the edit");
  } finally {
    fs.writeFileSync(blob, original);
  }
  await chooseSnapshot(page, "Target (after)", "e2e after the edit");
  const verdict = page.getByRole("status").filter({ hasText: "BROKEN" });
  await expect(verdict).toContainText("1 piece of evidence has a different digest than in the baseline");
  await expect(chart.getByRole("button", { name: /Changed\s*1 of/ })).toBeVisible();
  await expect(chart.getByRole("button", { name: /Missing\s*0 of/ })).toBeVisible();
  await expect(chart.getByRole("button", { name: /Added\s*0 of/ })).toBeVisible();
  await expect(
    page.getByText("Differs from the old root: some baseline evidence changed or is missing."),
  ).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption("CHANGED");
  const items = page.getByRole("table", { name: "Evidence in the comparison" });
  await expect(items.getByRole("row")).toHaveCount(2);
  await expect(items).toContainText("payments-api-2.14.0.sarif");
  await page.screenshot({ path: `${SCREENSHOTS}/continuity-changed.png`, fullPage: true });

  await page.getByRole("button", { name: "Sign the report" }).click();
  const html = page.getByRole("link", { name: "HTML (printable)" });
  await expect(html).toBeVisible();
  await expect(page.getByText(/Signed .* for Ada Auditor by key sha256:/)).toBeVisible();
  const download = page.waitForEvent("download");
  await html.click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^continuity-report-[0-9a-f]{8}\.html$/);
  const saved = test.info().outputPath("continuity-report.html");
  await file.saveAs(saved);
  const text = fs.readFileSync(saved, "utf8");
  expect(text).toContain("<strong>BROKEN</strong>");
  expect(text).toContain("payments-api-2.14.0.sarif");
  expect(text).not.toMatch(/<script|<link|\ssrc=/);
  // the printable page, as a person opens it
  await page.goto(`file://${saved}`);
  await page.screenshot({ path: `${SCREENSHOTS}/continuity-report-html.png`, fullPage: true });
});

test("the signed JSON and its envelope verify offline with the CLI", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  await openContinuity(page);
  await chooseSnapshot(page, "Baseline (before)", "e2e before");
  await chooseSnapshot(page, "Target (after)", "e2e after the edit");
  const href = await page.getByRole("link", { name: "Signed JSON" }).getAttribute("href");
  const envelopeHref = await page.getByRole("link", { name: "DSSE envelope" }).getAttribute("href");
  const save = async (url: string | null, name: string) => {
    const response = await page.request.get(url as string);
    expect(response.status()).toBe(200);
    const target = test.info().outputPath(name);
    fs.writeFileSync(target, await response.body());
    return target;
  };
  const report = await save(href, "continuity-report.json");
  const envelope = await save(envelopeHref, "continuity-report.dsse.json");
  const trustRoot = await save("/keys/trust-root.json", "trust-root.json");
  const output = execFileSync(
    "node",
    ["bin/portal-verify.mjs", "continuity", report, "--envelope", envelope, "--key", trustRoot],
    { encoding: "utf8" },
  );
  expect(output).toContain("Continuity report: VERIFIED");
  expect(output).toContain("BROKEN between “e2e before” and “e2e after the edit”");
});

test("a release engineer reads reports but starts nothing; a snapshot compared with itself is refused", async ({
  page,
}) => {
  await signInAsDemo(page, "release");
  await openContinuity(page);
  await expect(page.getByText("Auditors and security officers start verify-all runs.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Run verify-all" })).toHaveCount(0);
  await chooseSnapshot(page, "Baseline (before)", "e2e before");
  await chooseSnapshot(page, "Target (after)", "e2e before");
  await expect(page.getByRole("region", { name: "Continuity report" }).getByRole("alert")).toContainText(
    "Choose two different snapshots: a snapshot compared with itself says nothing",
  );
  await chooseSnapshot(page, "Target (after)", "e2e nothing changed");
  await expect(page.getByRole("status").filter({ hasText: "CONTINUOUS" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign the report" })).toHaveCount(0);
  await expect(page.getByText("No signed report of this pair yet")).toBeVisible();
});
