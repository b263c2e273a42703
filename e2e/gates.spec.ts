import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { type DEMO, signInAsDemo } from "./fixtures";

// The seed's demo 2, end to end in the browser: agent 1.8.2 waits at PROD with a scan report naming CVE-2024-12345
// (CVSS 9.8); the security officer's approval completes the request but the policy gates hold the promotion with
// the reason on screen; the security officer signs a not_affected exception from the finding's row; the release
// engineer evaluates again (it passes) and promotes; the audit log holds the exception and both evaluations.
// Then the pack in force is exported as a signed file that verifies offline with openssl, and a tampered copy is
// refused on import with the reason on screen.
// Specs run in file-name order on one demo database: this one must come before keys.spec.ts, which revokes the demo
// release key that signed agent 1.8.2 (a release signed by a key revoked since can no longer be promoted).
test.describe.configure({ mode: "serial" });

const SCREENSHOTS = "test-results/screenshots";
fs.mkdirSync(SCREENSHOTS, { recursive: true });

async function personIn(
  browser: Browser,
  who: keyof typeof DEMO,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsDemo(page, who);
  return { context, page };
}

const gatesCard = (page: Page) => page.getByRole("region", { name: "Policy gates", exact: true });
const promotionCard = (page: Page) => page.getByRole("region", { name: "Promotion", exact: true });
const prodGates = (page: Page) => gatesCard(page).getByRole("region", { name: "PROD", exact: true });

/** The seeded agent 1.8.2's page, opened from the release list. */
async function openAgentRelease(page: Page): Promise<string> {
  await page.goto("/releases?product=agent");
  const row = page
    .getByRole("table", { name: "Releases" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: /^agent 1\.8\.2\b/ }) });
  await expect(async () => {
    await row.getByRole("rowheader").click({ timeout: 5_000 });
    await page.waitForURL(/\/releases\/[0-9a-f-]{36}$/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  return new URL(page.url()).pathname;
}

test("demo 2: a critical CVE holds agent 1.8.2 at PROD until a signed VEX exception, then it is promoted", async ({
  browser,
}) => {
  const sam = await personIn(browser, "security");
  const releasePath = await openAgentRelease(sam.page);

  // the seed's evaluation: blocked, with the finding and the reasons in plain words
  await expect(prodGates(sam.page)).toContainText("BLOCKED - CVE-2024-12345 (CVSS 9.8)");
  await expect(prodGates(sam.page)).toContainText("Default gates");
  const findings = prodGates(sam.page).getByRole("table", { name: "Findings for PROD" });
  const critical = findings.getByRole("row").filter({ hasText: "CVE-2024-12345" });
  await expect(critical).toContainText("critical");
  await expect(critical).toContainText("9.8");
  await expect(critical).toContainText("xml-sax-parser@2.1.0");

  // approving completes the request; the gates hold the promotion and say why
  const decision = promotionCard(sam.page).getByRole("form", { name: "Your decision on PROD" });
  await decision.getByLabel("Comment").fill("Scan reviewed");
  await decision.getByRole("button", { name: "Approve" }).click();
  await expect(promotionCard(sam.page).getByRole("status")).toContainText(
    "The promotion waits: BLOCKED - CVE-2024-12345 (CVSS 9.8)",
  );
  await expect(promotionCard(sam.page)).toContainText(
    "the policy gates hold the promotion: BLOCKED - CVE-2024-12345 (CVSS 9.8)",
  );
  await expect(prodGates(sam.page)).toContainText("at the promotion step");
  await expect(promotionCard(sam.page).getByRole("list", { name: "Pipeline of agent 1.8.2" })).toContainText(
    "held by the policy gates",
  );
  await sam.page.screenshot({ path: `${SCREENSHOTS}/policy-release-blocked.png`, fullPage: true });

  // the security officer's signed exception, from the finding's row
  await critical.getByRole("button", { name: /^Add exception for CVE-2024-12345/ }).click();
  const drawer = sam.page.getByRole("dialog", { name: "Add exception for CVE-2024-12345" });
  await expect(drawer.getByLabel("not_affected")).toBeChecked();
  await drawer.getByRole("button", { name: "Sign and record exception" }).click();
  // a not_affected exception needs its justification
  await expect(drawer).toContainText("needs a justification");
  await drawer.getByLabel("Justification").selectOption("vulnerable_code_not_in_execute_path");
  await drawer.getByLabel("Impact statement").fill("vulnerable code path not reachable");
  await expect(drawer.getByLabel(/This release only/)).toBeChecked();
  await sam.page.screenshot({ path: `${SCREENSHOTS}/policy-vex-drawer.png` });
  await drawer.getByRole("button", { name: "Sign and record exception" }).click();
  await expect(drawer).toBeHidden();
  await expect(gatesCard(sam.page).getByRole("status")).toContainText(
    "Exception for CVE-2024-12345 recorded and signed",
  );

  // the release engineer evaluates again: the exception takes the finding out, PROD passes
  const rhea = await personIn(browser, "release");
  await rhea.page.goto(releasePath);
  await gatesCard(rhea.page).getByLabel("Environment").selectOption("PROD");
  await gatesCard(rhea.page).getByRole("button", { name: "Evaluate now" }).click();
  await expect(prodGates(rhea.page)).toContainText("PASSED - VEX exception applied: CVE-2024-12345");
  const vexed = prodGates(rhea.page).getByRole("row").filter({ hasText: "CVE-2024-12345" });
  await expect(vexed).toContainText("not affected");
  await expect(vexed).toContainText("signed by Sam Security");
  await expect(vexed).toContainText("vulnerable code path not reachable");
  // the history keeps the evaluation that blocked it
  await gatesCard(rhea.page)
    .getByText(/^All evaluations/)
    .click();
  await expect(gatesCard(rhea.page).getByRole("list", { name: "All gate evaluations" })).toContainText(
    "BLOCKED - CVE-2024-12345 (CVSS 9.8)",
  );
  await rhea.page.screenshot({ path: `${SCREENSHOTS}/policy-release-passed.png`, fullPage: true });

  await promotionCard(rhea.page).getByRole("button", { name: "Promote now" }).click();
  await expect(promotionCard(rhea.page).getByRole("status")).toContainText("agent 1.8.2 promoted to PROD");
  await expect(promotionCard(rhea.page).getByRole("list", { name: "Pipeline of agent 1.8.2" })).toContainText(
    /PROD\s*Done/,
  );

  // the audit log: the exception, and the evaluations that blocked and passed
  const ada = await personIn(browser, "auditor");
  await ada.page.goto("/audit?action=vex.exception_recorded");
  const audit = ada.page.getByRole("table", { name: "Audit events" });
  await expect(audit.getByRole("row").filter({ hasText: "Sam Security" }).first()).toBeVisible();
  await ada.page.goto("/audit?action=gates.evaluated");
  await expect(audit.getByRole("row").filter({ hasText: "Rhea Release" }).first()).toBeVisible();
  await expect(audit.getByRole("row").filter({ hasText: "Sam Security" }).first()).toBeVisible();
  await ada.page.screenshot({ path: `${SCREENSHOTS}/policy-audit.png`, fullPage: true });
  for (const person of [sam, rhea, ada]) await person.context.close();
});

test("the pack in force exports as a signed file that verifies with openssl; a tampered copy is refused", async ({
  page,
}) => {
  await signInAsDemo(page, "security");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" }).click();
  await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
  const packs = page.getByRole("table", { name: "Policy packs" });
  const pack = packs.getByRole("row").filter({ hasText: "Default gates" });
  await expect(pack).toContainText("In force");
  await expect(pack).toContainText("v1");
  const vex = page.getByRole("table", { name: "VEX exceptions" });
  await expect(vex.getByRole("row").filter({ hasText: "CVE-2024-12345" }).first()).toContainText("active");

  // a second version: preview first, then save with a comment; the diff shows the change
  const editor = page.getByRole("region", { name: "New version of Default gates" });
  const document = editor.getByLabel("Pack document (JSON)");
  await document.fill((await document.inputValue()).replace('"maxAgeDays": 30', '"maxAgeDays": 14'));
  await editor.getByRole("button", { name: "Preview" }).click();
  await expect(
    editor.getByRole("heading", { name: /^Would block \d+ of \d+ waiting releases$/ }),
  ).toBeVisible();
  await editor.getByLabel("What changed").fill("Scans must be at most two weeks old");
  await editor.getByRole("button", { name: "Save version" }).click();
  await expect(pack).toContainText("v2");
  const diff = page.getByRole("region", { name: "Difference between v1 and v2" });
  await expect(diff).toContainText('"maxAgeDays": 14');
  await page.screenshot({ path: `${SCREENSHOTS}/policy-page.png`, fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    pack.getByRole("button", { name: "Export signed file of Default gates" }).click(),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pack-"));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  expect(download.suggestedFilename()).toBe("policy-pack-default-gates-v2.dsse.json");
  const envelope = JSON.parse(fs.readFileSync(file, "utf8"));
  const payload = Buffer.from(envelope.payload, "base64");
  expect(JSON.parse(payload.toString("utf8"))).toMatchObject({ name: "Default gates", version: 2 });

  // offline: the DSSE pre-authentication encoding, the DER signature, the attestation key from the trust root
  const trustRoot = await (await page.request.get("/keys/trust-root.json")).json();
  const key = trustRoot.keys.find(
    (candidate: { keyId: string }) => candidate.keyId === envelope.signatures[0].keyid,
  );
  expect(key?.purpose).toBe("attestation");
  const type = Buffer.from(envelope.payloadType);
  fs.writeFileSync(
    path.join(dir, "pae.bin"),
    Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]),
  );
  fs.writeFileSync(path.join(dir, "sig.der"), Buffer.from(envelope.signatures[0].sig, "base64"));
  fs.writeFileSync(path.join(dir, "key.pem"), key.publicKeyPem);
  const openssl = spawnSync(
    "openssl",
    ["dgst", "-sha256", "-verify", "key.pem", "-signature", "sig.der", "pae.bin"],
    { cwd: dir, encoding: "utf8" },
  );
  expect(openssl.stdout.trim()).toBe("Verified OK");

  // tampered: the PROD threshold raised in the signed payload, the signature left as it was
  const tampered = JSON.parse(payload.toString("utf8"));
  tampered.environments.PROD = tampered.environments.PROD.map((gate: { kind: string }) =>
    gate.kind === "vulnerabilities" ? { ...gate, maxCvss: 10 } : gate,
  );
  const tamperedFile = path.join(dir, "tampered.dsse.json");
  fs.writeFileSync(
    tamperedFile,
    JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(tampered)).toString("base64") }),
  );
  const importCard = page.getByRole("region", { name: "Import signed file" });
  await importCard.getByLabel("Pack file (.dsse.json)").setInputFiles(tamperedFile);
  await importCard.getByRole("button", { name: "Import" }).click();
  await expect(importCard.getByRole("alert")).toContainText("The pack's signature does not verify");
  await page.screenshot({ path: `${SCREENSHOTS}/policy-import-refused.png`, fullPage: true });
  await expect(pack).toContainText("v2");

  // the untouched file imports (a new version, marked imported with its key)
  await importCard.getByLabel("Pack file (.dsse.json)").setInputFiles(file);
  await importCard.getByRole("button", { name: "Import" }).click();
  await expect(importCard.getByRole("status")).toContainText("Imported Default gates v3");
  await expect(
    page.getByRole("list", { name: "Versions of Default gates" }).getByRole("listitem").first(),
  ).toContainText("imported");
  fs.rmSync(dir, { recursive: true, force: true });

  // revoking the exception (the release is promoted already): it stays listed, revoked, with the reason
  const exception = vex.getByRole("row").filter({ hasText: "CVE-2024-12345" }).first();
  await exception.getByRole("button", { name: "Revoke the exception for CVE-2024-12345" }).click();
  const revoke = page.getByRole("dialog", { name: "Revoke the exception for CVE-2024-12345" });
  await revoke.getByLabel("Why revoke it").fill("the parser is reachable from the new import feature");
  await revoke.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(revoke).toBeHidden();
  await expect(exception).toContainText("revoked");
  await expect(exception).toContainText("the parser is reachable from the new import feature");
});

test("a security officer imports an OpenVEX document for a product; a malformed one is refused, saying where", async ({
  page,
}) => {
  await signInAsDemo(page, "security");
  await page.goto("/policies");
  const card = page.getByRole("region", { name: "Import an OpenVEX document" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-vex-"));
  const broken = path.join(dir, "broken.openvex.json");
  fs.writeFileSync(broken, JSON.stringify({ "@context": "https://openvex.dev/ns/v0.2.0", statements: [] }));
  await card.getByLabel("OpenVEX document (.json)").setInputFiles(broken);
  await card.getByLabel("Product").fill("portal");
  await card.getByRole("button", { name: "Import and sign" }).click();
  await expect(card.getByRole("alert")).toContainText("Not a valid OpenVEX document");

  await card
    .getByLabel("OpenVEX document (.json)")
    .setInputFiles("test/fixtures/gates/vex-not-affected.json");
  await card.getByRole("button", { name: "Import and sign" }).click();
  await expect(card.getByRole("status")).toContainText("Imported and signed");
  const vex = page.getByRole("table", { name: "VEX exceptions" });
  await expect(vex.getByRole("row").filter({ hasText: "every version of portal" }).first()).toContainText(
    "active",
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
