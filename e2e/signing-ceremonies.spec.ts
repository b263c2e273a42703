import fs from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { openRowDialog, signInAsDemo, signInWithPassword } from "./fixtures";

// Key ceremonies with the demo security officers (Sam Security, and the demo custodians Cora Custodian and Kit
// Keeper): a 2-of-3 rotation that Sam starts and Cora completes, and a Shamir escrow split of the mirror key whose
// recovery refuses a short and a wrong share set before it rebuilds the key. Each custodian acts in a browser
// session of their own. Uses the attestation, audit-checkpoint and mirror keys, which the other specs leave alone;
// the e2e server's ceremony policy (playwright.config.ts) reserves revoking mirror keys and rotating the
// audit-checkpoint key for ceremonies, and /keys leads there instead of offering the direct action.
test.describe.configure({ mode: "serial" });

const SCREENSHOTS = "test-results/screenshots";
const SHARES = "test-results/escrow-shares";
fs.mkdirSync(SCREENSHOTS, { recursive: true });
fs.mkdirSync(SHARES, { recursive: true });

async function signInAs(browser: Browser, email: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, email);
  await expect(page.getByTestId("signed-in-user")).toHaveText(name);
  return page;
}

function ceremonyRow(page: Page, title: RegExp | string) {
  return page.getByRole("table", { name: "Key ceremonies" }).getByRole("row").filter({ hasText: title });
}

test("a 2-of-3 rotation: Sam starts it, Cora's approval executes it", async ({ page, browser }) => {
  await signInAsDemo(page, "security");
  await page.goto("/keys");
  await page.getByRole("link", { name: "Ceremonies" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Key ceremonies");

  await page.getByRole("button", { name: "Start a ceremony" }).click();
  const start = page.getByRole("dialog", { name: "Start a key ceremony" });
  await start.getByLabel("Operation").selectOption("rotate");
  await start.getByLabel("Purpose").selectOption("attestation");
  await start.getByRole("button", { name: "Start ceremony" }).click();
  await expect(start.getByText("Give a reason (at least 5 characters)")).toBeVisible();
  await start.getByLabel("Reason").fill("Yearly attestation key rotation, CHG-2041");
  await start.getByRole("button", { name: "Start ceremony" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ceremony started" })).toContainText(
    "1 of 2 approvals",
  );

  const drawer = page.getByRole("dialog", { name: "Rotate the attestation key" });
  await expect(drawer).toContainText("Sam Security approved");
  await expect(drawer.getByRole("timer")).toBeVisible();
  await expect(drawer).toContainText(
    "You cannot decide this ceremony: you already approved this ceremony: each custodian counts once.",
  );
  await page.screenshot({ path: `${SCREENSHOTS}/ceremony-started.png` });
  await drawer.getByRole("button", { name: "Close" }).click();
  const row = ceremonyRow(page, "Rotate the attestation key");
  await expect(row).toContainText("1 of 2 approvals");
  await expect(row).toContainText("Pending");
  await expect(row.getByRole("timer")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/ceremonies-list.png`, fullPage: true });

  const cora = await signInAs(browser, "cora@demo.test", "Cora Custodian");
  await cora.goto("/keys/ceremonies?status=pending");
  const coraDrawer = cora.getByRole("dialog", { name: "Rotate the attestation key" });
  await openRowDialog(ceremonyRow(cora, "Rotate the attestation key"), coraDrawer);
  await expect(coraDrawer).toContainText("Your approval is the last one needed");
  await coraDrawer.getByLabel("Comment").fill("Matches CHG-2041");
  await coraDrawer.getByRole("button", { name: "Approve" }).click();
  await expect(cora.getByRole("status").filter({ hasText: "Executed" })).toContainText("2 of 2 approvals");
  await expect(coraDrawer).toContainText("Executed");
  await expect(coraDrawer).toContainText("Cora Custodian approved");
  await cora.screenshot({ path: `${SCREENSHOTS}/ceremony-executed.png` });

  // the rotation happened once, on the key registry, and names the ceremony
  await page.goto("/keys?purpose=attestation");
  const keys = page.getByRole("table", { name: "Signing keys" });
  await expect(keys.getByRole("row")).toHaveCount(3);
  await expect(keys.getByRole("row").filter({ hasText: "Retired" })).toHaveCount(1);
  await openRowDialog(keys.getByRole("row").filter({ hasText: "Active" }), page.getByRole("dialog"));
  await page.getByRole("dialog").getByRole("link", { name: "approved in a ceremony" }).click();
  await expect(page.getByRole("dialog", { name: "Rotate the attestation key" })).toContainText(
    "Cora Custodian approved",
  );
  await page.goto("/keys/ceremonies?status=executed");
  await expect(ceremonyRow(page, "Rotate the attestation key")).toHaveCount(1);
  await expect(ceremonyRow(page, "Rotate the attestation key")).toContainText("2 of 2 approvals");

  // Kit comes too late: nothing is left to decide
  const kit = await signInAs(browser, "kit@demo.test", "Kit Keeper");
  await kit.goto("/keys/ceremonies");
  const late = kit.getByRole("dialog", { name: "Rotate the attestation key" });
  await openRowDialog(ceremonyRow(kit, "Rotate the attestation key"), late);
  await expect(late).toContainText("Executed");
  await expect(kit.getByRole("button", { name: "Approve" })).toHaveCount(0);
});

test("escrow: the mirror key is split 2-of-3, and recovery refuses short and wrong share sets", async ({
  page,
  browser,
}) => {
  await signInAsDemo(page, "security");
  await page.goto("/keys?purpose=mirror");
  const firstRow = page.getByRole("table", { name: "Signing keys" }).getByRole("row").nth(1);
  await expect(firstRow).toContainText("mirror-demo");
  const drawer = page.getByRole("dialog", { name: "mirror-demo" });
  await openRowDialog(firstRow, drawer);
  await expect(drawer).toContainText("Not escrowed");
  const split = drawer.getByRole("form", { name: "Split into escrow shares" });
  // exactly the three demo security officers hold a share (other specs may have added security officers)
  await expect(split.getByRole("checkbox", { name: /Kit Keeper/ })).toBeChecked();
  for (const box of await split.getByRole("checkbox").all()) {
    const text = (await box.locator("xpath=..").textContent()) ?? "";
    if (!/Sam Security|Cora Custodian|Kit Keeper/.test(text)) await box.uncheck();
  }
  await split.getByLabel("Shares needed to rebuild (M)").fill("2");
  await split.getByRole("button", { name: "Split into shares" }).click();
  const shares = drawer.getByRole("region", { name: "Escrow shares" });
  await expect(shares).toContainText("shown once");
  await page.screenshot({ path: `${SCREENSHOTS}/escrow-shares.png` });
  const files: Record<string, string> = {};
  for (const name of ["Sam Security", "Cora Custodian", "Kit Keeper"]) {
    const downloading = page.waitForEvent("download");
    await shares.getByRole("button", { name: new RegExp(`^Download share \\d for ${name}$`) }).click();
    const download = await downloading;
    const file = `${SHARES}/${download.suggestedFilename()}`;
    await download.saveAs(file);
    files[name] = file;
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({
      format: "portal-escrow-share/v1",
      threshold: 2,
      shares: 3,
      custodian: name,
    });
  }
  await shares.getByRole("button", { name: "I have handed out every share" }).click();
  await expect(drawer.getByRole("region", { name: "Escrow shares" })).toHaveCount(0);
  await expect(drawer).toContainText("Split 2 of 3");

  const recover = drawer.getByRole("form", { name: "Recover from escrow" });
  await recover.getByLabel("Reason for the recovery").fill("Key-encryption key lost with the old server");
  await recover.getByRole("button", { name: "Start recovery ceremony" }).click();
  await expect(recover.getByRole("status")).toContainText("Recovery ceremony started (1 of 2 approvals)");

  const kit = await signInAs(browser, "kit@demo.test", "Kit Keeper");
  await kit.goto("/keys/ceremonies?status=pending");
  const ceremony = kit.getByRole("dialog", { name: /Recover mirror key .* from escrow/ });
  await openRowDialog(ceremonyRow(kit, /Recover mirror key .* from escrow/), ceremony);
  const decision = ceremony.getByRole("form", { name: "Your decision" });
  const sharesInput = decision.getByLabel("Share files");

  await sharesInput.setInputFiles([files["Kit Keeper"] as string]);
  await decision.getByRole("button", { name: "Approve" }).click();
  await expect(decision.getByRole("alert")).toContainText(
    "2 shares are needed to rebuild the key; only 1 was given",
  );

  const forged = JSON.parse(fs.readFileSync(files["Cora Custodian"] as string, "utf8"));
  const bytes = Buffer.from(forged.share, "base64");
  bytes[3] = (bytes[3] ?? 0) ^ 0xff;
  forged.share = bytes.toString("base64");
  const kitFile = files["Kit Keeper"] as string;
  await sharesInput.setInputFiles([
    { name: "kit.json", mimeType: "application/json", buffer: fs.readFileSync(kitFile) },
    { name: "forged-share.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(forged)) },
  ]);
  await decision.getByRole("button", { name: "Approve" }).click();
  await expect(decision.getByRole("alert")).toContainText("is not the share that was issued");
  await kit.screenshot({ path: `${SCREENSHOTS}/escrow-recovery-refused.png` });
  await expect(ceremony).toContainText("1 of 2 approvals");

  await sharesInput.setInputFiles([files["Kit Keeper"] as string, files["Cora Custodian"] as string]);
  await decision.getByRole("button", { name: "Approve" }).click();
  await expect(kit.getByRole("status").filter({ hasText: "Executed" })).toContainText("2 of 2 approvals");
  await expect(ceremony).toContainText(/kek:[0-9a-f]{16}/);
  await kit.screenshot({ path: `${SCREENSHOTS}/escrow-recovered.png` });

  await page.reload();
  const mirrorRow = page.getByRole("table", { name: "Signing keys" }).getByRole("row").nth(1);
  await expect(mirrorRow).toContainText("mirror-demo");
  await openRowDialog(mirrorRow, page.getByRole("dialog", { name: "mirror-demo" }));
  await expect(page.getByRole("dialog", { name: "mirror-demo" })).toContainText("Last recovered");
});

test("under the ceremony policy, /keys leads to a ceremony instead of a direct rotation or revocation", async ({
  page,
}) => {
  await signInAsDemo(page, "security");
  await page.goto("/keys");
  // rotating the audit-checkpoint key: the drawer says a 2-of-N ceremony is required and has no direct action
  await page
    .getByRole("listitem", { name: "Audit checkpoint keys" })
    .getByRole("button", { name: "Rotate the Audit checkpoint key" })
    .click();
  const rotate = page.getByRole("dialog", { name: "Rotate the audit checkpoint key" });
  const required = rotate.getByRole("region", { name: "Ceremony required" });
  await expect(required).toContainText(/A ceremony is required \(2 of \d+\)/);
  await expect(required).toContainText("rotating audit checkpoint keys");
  await expect(rotate.getByRole("button", { name: "Rotate key" })).toHaveCount(0);
  await expect(rotate.getByLabel("Reason")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/ceremony-required-rotate.png` });
  await required.getByRole("button", { name: "Start a ceremony" }).click();
  const start = page.getByRole("dialog", { name: "Start a key ceremony" });
  await expect(start.getByLabel("Operation")).toHaveValue("rotate");
  await expect(start.getByLabel("Purpose")).toHaveValue("audit-checkpoint");
  await expect(start.getByLabel("Approvals needed (M)")).toHaveValue("2");
  await start.getByRole("button", { name: "Cancel" }).click();
  await expect(start).toHaveCount(0);

  // other purposes still rotate directly
  await page
    .getByRole("listitem", { name: "Release keys" })
    .getByRole("button", { name: "Rotate the Release key" })
    .click();
  const direct = page.getByRole("dialog", { name: "Rotate the release key" });
  await expect(direct.getByRole("button", { name: "Rotate key" })).toBeVisible();
  await expect(direct.getByRole("region", { name: "Ceremony required" })).toHaveCount(0);
  await direct.getByRole("button", { name: "Cancel" }).click();

  // revoking the mirror key: the key drawer leads to a revocation ceremony for that key
  await page.goto("/keys?purpose=mirror");
  const mirrorRow = page.getByRole("table", { name: "Signing keys" }).getByRole("row").nth(1);
  const drawer = page.getByRole("dialog", { name: "mirror-demo" });
  await openRowDialog(mirrorRow, drawer);
  const revoke = drawer.getByRole("region", { name: "Revoke this key" });
  await expect(revoke).toContainText(/A ceremony is required \(2 of \d+\)/);
  await expect(revoke).toContainText("revoking mirror keys");
  await expect(drawer.getByRole("button", { name: "Revoke key" })).toHaveCount(0);
  await revoke.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/ceremony-required-revoke.png` });
  const keyId =
    (await drawer
      .getByRole("code")
      .filter({ hasText: /^sha256:[0-9a-f]{64}$/ })
      .first()
      .textContent()) ?? "";
  await revoke.getByRole("button", { name: "Start a ceremony" }).click();
  await expect(start.getByLabel("Operation")).toHaveValue("revoke");
  await expect(start.getByLabel("Key")).toHaveValue(keyId);
  await start.getByLabel("Reason").fill("Mirror host decommissioned, CHG-3100");
  await start.getByRole("button", { name: "Start ceremony" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ceremony started" })).toContainText(
    "1 of 2 approvals",
  );

  // the drawer now points at the ceremony that is waiting rather than offering a second one
  await openRowDialog(mirrorRow, drawer);
  await expect(revoke).toContainText("A ceremony for this is already waiting for approvals.");
  await revoke.getByRole("link", { name: "Open the ceremony" }).click();
  await expect(page.getByRole("dialog", { name: /Revoke mirror key/ })).toContainText(
    "Sam Security approved",
  );
});

test("an auditor sees the ceremonies but cannot start or decide one", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  await page.goto("/keys/ceremonies");
  await expect(page.getByRole("button", { name: "Start a ceremony" })).toHaveCount(0);
  await page.getByLabel("Status").selectOption("executed");
  await expect(page).toHaveURL(/status=executed/);
  const rows = page.getByRole("table", { name: "Key ceremonies" }).getByRole("row");
  await expect(rows).toHaveCount(3);
  await openRowDialog(rows.nth(1), page.getByRole("dialog"));
  await expect(page.getByRole("dialog").getByRole("button", { name: "Approve" })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/ceremonies-auditor.png`, fullPage: true });
});
