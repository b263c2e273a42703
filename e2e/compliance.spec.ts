import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { signInAsDemo } from "./fixtures";

// The demo readiness tracker (imported on first start) as an engineering lead edits and signs it, as an auditor
// reads it, and through import, export and the printable report. Screenshots go to test-results/screenshots.
test.describe.configure({ mode: "serial" });

const SCREENSHOTS = "test-results/screenshots";
fs.mkdirSync(SCREENSHOTS, { recursive: true });
const SLUG = "compliance-readiness-tracker";

async function openProgram(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compliance readiness");
  const programs = page.getByRole("table", { name: "Readiness programs" });
  await expect(programs.getByRole("row").nth(1)).toContainText("Compliance Readiness Tracker");
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-programs.png` });
  await programs.getByRole("link", { name: "Compliance Readiness Tracker" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compliance Readiness Tracker");
  await expect(page.getByRole("table", { name: "Executive summary" }).getByRole("row")).toHaveCount(8);
}

const itemBar = (page: Page, number: number) =>
  page
    .getByRole("table", { name: "Executive summary" })
    .getByRole("progressbar", { name: `Item ${number}`, exact: true });

function signOffCard(page: Page, role: string) {
  return page.getByRole("listitem").filter({ has: page.getByText(role, { exact: true }) });
}

test("an engineering lead signs, sets a requirement to DONE, sees coverage move and the sign-off superseded", async ({
  page,
}) => {
  await signInAsDemo(page, "release");
  await openProgram(page);
  await expect(page.getByRole("progressbar", { name: "Program coverage (computed)" })).toHaveAttribute(
    "aria-valuetext",
    "49%",
  );
  await expect(itemBar(page, 1)).toHaveAttribute("aria-valuetext", "57.1%");
  await expect(page.getByText("typed in the document: 75%, computed: 57.1%")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-program.png`, fullPage: true });

  const engineering = signOffCard(page, "Engineering Lead");
  await engineering.getByRole("button", { name: /Sign revision 1 as Engineering Lead/ }).click();
  await expect(engineering.getByText("Current", { exact: true })).toBeVisible();
  const signOffs = page.getByRole("table", { name: "Sign-offs" });
  await expect(signOffs.getByRole("row").nth(1)).toContainText("Rhea Release");
  await expect(signOffs.getByRole("row").nth(1)).toContainText("Current");
  // only the security officer signs as Security Lead
  await expect(signOffCard(page, "Security Lead").getByRole("button")).toHaveCount(0);

  // keyboard: the first summary row takes focus and Enter opens the item
  const firstRow = page.getByRole("table", { name: "Executive summary" }).getByRole("row").nth(1);
  await firstRow.focus();
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: "Item 1: Attestation Caching (Offline)" });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole("progressbar", { name: "Item 1 coverage" })).toHaveAttribute(
    "aria-valuetext",
    "57.1%",
  );
  await drawer.getByLabel("Status of Offline CLI verify").selectOption("DONE");
  await expect(drawer.getByRole("progressbar", { name: "Item 1 coverage" })).toHaveAttribute(
    "aria-valuetext",
    "71.4%",
  );
  await expect(drawer.getByRole("list", { name: "Changes to item 1" })).toContainText("status: TODO → DONE");
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-item-drawer.png` });
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();

  await expect(itemBar(page, 1)).toHaveAttribute("aria-valuetext", "71.4%");
  await expect(page.getByRole("progressbar", { name: "Program coverage (computed)" })).toHaveAttribute(
    "aria-valuetext",
    "51%",
  );
  await expect(engineering.getByText("Superseded", { exact: true })).toBeVisible();
  await expect(signOffs.getByRole("row").nth(1)).toContainText("Superseded");
  await expect(
    page.getByRole("img", { name: /Coverage over time: 49% at revision 1, 51% at revision 2/ }),
  ).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-superseded.png`, fullPage: true });
});

test("a security officer signs the current revision as Security Lead", async ({ page }) => {
  await signInAsDemo(page, "security");
  await openProgram(page);
  const security = signOffCard(page, "Security Lead");
  await security.getByRole("button", { name: /Sign revision 2 as Security Lead/ }).click();
  await expect(security.getByText("Current", { exact: true })).toBeVisible();
  await expect(signOffCard(page, "Engineering Lead").getByText("Superseded", { exact: true })).toBeVisible();
});

test("an engineering lead attaches signed evidence and maps a requirement to control frameworks", async ({
  page,
}) => {
  await signInAsDemo(page, "release");
  await openProgram(page);
  await page.getByRole("table", { name: "Executive summary" }).getByRole("row").nth(1).click();
  const drawer = page.getByRole("dialog", { name: /Item 1:/ });
  const proof = drawer
    .getByRole("list", { name: "Proof artifacts" })
    .getByRole("listitem")
    .filter({ hasText: "Demo verifying image on laptop with Wi-Fi off" });
  await expect(proof).toContainText("No evidence linked");
  await proof.getByLabel("Evidence file").setInputFiles({
    name: "offline-demo.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("verified offline: 3 signatures, 0 failures\n"),
  });
  await proof.getByRole("button", { name: "Attach evidence" }).click();
  await expect(proof).toContainText("Verified");
  await expect(proof).toContainText("SHA-256 matches the stored bytes and the signature verifies.");

  const requirements = drawer.getByRole("table", { name: "Requirements of item 1" });
  await requirements
    .getByRole("row", { name: /DSSE caching/ })
    .getByRole("rowheader")
    .click();
  const form = drawer.getByRole("form", { name: "Edit DSSE caching" });
  await form.getByLabel("Control frameworks").fill("SOC2:CC6.1, not a tag");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText(/Write framework ids as FRAMEWORK:ID/)).toBeVisible();
  await form.getByLabel("Control frameworks").fill("SOC2:CC6.1, ISO27001:A.8.24");
  // the error described the old value: editing the field clears it
  await expect(form.getByText(/Write framework ids as FRAMEWORK:ID/)).toBeHidden();
  await form.getByLabel("Owner").fill("Rhea");
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-edit-requirement.png` });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toBeHidden();
  await expect(requirements.getByRole("row", { name: /DSSE caching/ })).toContainText("ISO27001:A.8.24");
  await expect(drawer.getByRole("list", { name: "Changes to item 1" })).toContainText(
    "frameworks: — → SOC2:CC6.1, ISO27001:A.8.24",
  );
  await page.keyboard.press("Escape");
  // evidence and mappings are part of what was signed: the security lead's sign-off is superseded now
  await expect(signOffCard(page, "Security Lead").getByText("Superseded", { exact: true })).toBeVisible();
});

test("an engineering lead adds a requirement and an item, sees coverage move, and removes both again", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsDemo(page, "release");
  await page.goto("/compliance");
  const programs = page.getByRole("table", { name: "Readiness programs" });
  await expect(programs.getByRole("row").nth(1)).toContainText("Compliance Readiness Tracker");
  // the list fits at 1280 px: its scroll container does not scroll sideways
  expect(
    await programs.evaluate((table) => {
      const box = table.parentElement as HTMLElement;
      return box.scrollWidth - box.clientWidth;
    }),
  ).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-programs-1280.png` });
  await programs.getByRole("link", { name: "Compliance Readiness Tracker" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compliance Readiness Tracker");

  await page.getByRole("table", { name: "Executive summary" }).getByRole("row").nth(2).click();
  const drawer = page.getByRole("dialog", { name: /^Item 2:/ });
  const bar = drawer.getByRole("progressbar", { name: "Item 2 coverage" });
  await expect(bar).toHaveAttribute("aria-valuetext", "57.1%");
  const add = drawer.getByRole("form", { name: "Add a requirement to item 2" });
  await add.getByLabel("Title").fill("   ");
  await add.getByRole("button", { name: "Add requirement" }).click();
  await expect(add.getByText("Enter a title")).toBeVisible();
  await add.getByLabel("Title").fill("Emergency access drill");
  await expect(add.getByText("Enter a title")).toBeHidden();
  await add.getByLabel("Status").selectOption("DONE");
  await add.getByLabel("Sprint").fill("Existing");
  await add.getByRole("button", { name: "Add requirement" }).click();
  await expect(bar).toHaveAttribute("aria-valuetext", "62.5%");
  const requirements = drawer.getByRole("table", { name: "Requirements of item 2" });
  await expect(requirements.getByRole("row", { name: /Emergency access drill/ })).toBeVisible();
  await expect(drawer.getByRole("list", { name: "Changes to item 2" })).toContainText(
    "requirement: — → Emergency access drill",
  );
  await add.getByLabel("Title").fill("emergency access drill");
  await add.getByRole("button", { name: "Add requirement" }).click();
  await expect(add.getByText("Item 2 already has a requirement “emergency access drill”")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-add-requirement.png` });

  await requirements
    .getByRole("row", { name: /Emergency access drill/ })
    .getByRole("rowheader")
    .click();
  const edit = drawer.getByRole("form", { name: "Edit Emergency access drill" });
  await edit.getByRole("button", { name: "Remove requirement “Emergency access drill”" }).click();
  await edit.getByRole("button", { name: "Yes, remove" }).click();
  await expect(bar).toHaveAttribute("aria-valuetext", "57.1%");
  await expect(requirements.getByRole("row", { name: /Emergency access drill/ })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();

  await page.getByRole("button", { name: "Add item" }).click();
  const addItem = page.getByRole("form", { name: "Add an item" });
  await addItem.getByLabel("Number").fill("3");
  await addItem.getByLabel("Title").fill("Key ceremonies");
  await addItem.getByRole("button", { name: "Add item" }).click();
  await expect(addItem.getByText("Item 3 exists already; choose another number")).toBeVisible();
  await addItem.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-add-item.png` });
  await addItem.getByLabel("Number").fill("");
  await addItem.getByRole("button", { name: "Add item" }).click();
  const added = page.getByRole("dialog", { name: "Item 8: Key ceremonies" });
  await expect(added).toBeVisible();
  await expect(page.getByRole("table", { name: "Executive summary" }).getByRole("row")).toHaveCount(9);
  await added.getByRole("button", { name: /^Remove item 8/ }).click();
  await added.getByRole("button", { name: "Yes, remove item" }).click();
  await expect(added).toBeHidden();
  await expect(page.getByRole("table", { name: "Executive summary" }).getByRole("row")).toHaveCount(8);
  await expect(page.getByRole("list", { name: "Program changes" })).toContainText("Item “Key ceremonies”");
});

test("an auditor reads everything and can change nothing", async ({ page }) => {
  await signInAsDemo(page, "auditor");
  await openProgram(page);
  await expect(page.getByRole("link", { name: "Import tracker" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Sign revision/ })).toHaveCount(0);
  await page.getByRole("table", { name: "Executive summary" }).getByRole("row").nth(1).click();
  const drawer = page.getByRole("dialog", { name: /Item 1:/ });
  await expect(drawer.getByText("Read only: your role cannot change requirements.")).toBeVisible();
  await expect(drawer.getByRole("combobox")).toHaveCount(0);
  await expect(drawer.getByRole("button", { name: "Attach evidence" })).toHaveCount(0);
  await expect(drawer.getByRole("button", { name: /Remove|Add/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add item" })).toHaveCount(0);
  await expect(drawer.getByRole("table", { name: "Requirements of item 1" })).toContainText("Done");
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-auditor.png` });
  const response = await page.goto("/compliance/import");
  expect(response?.status()).toBe(403);
});

test("export to Markdown and CSV, re-import with preview and line-numbered errors, print the report", async ({
  page,
}) => {
  await signInAsDemo(page, "release");
  const markdown = await (await page.request.get(`/compliance/${SLUG}/export/md`)).text();
  expect(markdown).toContain("| 1 | Attestation caching (offline) | 71.4% | In Progress | Demo Ready |");
  const csv = await page.request.get(`/compliance/${SLUG}/export/csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).trimEnd().split("\r\n")).toHaveLength(50);

  await page.goto("/compliance");
  await page.getByRole("link", { name: "Import tracker" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import a readiness tracker");
  const text = page.getByLabel("Tracker (Markdown)");
  await text.fill(
    markdown.replace(
      "| DSSE caching | TrustVerdictCache, CachedAttestorVerificationService | DONE |",
      "| DSSE caching | TrustVerdictCache, CachedAttestorVerificationService | SHIPPED |",
    ),
  );
  await page.getByLabel("Short name (optional)").fill("round-trip");
  await page.getByRole("button", { name: "Preview" }).click();
  const problems = page.getByRole("list", { name: "Problems by line" });
  await expect(problems).toContainText(/line \d+: unknown status "SHIPPED" for requirement "DSSE caching"/);
  await expect(page.getByRole("button", { name: "Import" })).toBeDisabled();
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-import-errors.png`, fullPage: true });

  await text.fill(markdown);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText(/Will create 7 items with 49 requirements/)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-import-preview.png`, fullPage: true });
  await page.getByRole("button", { name: "Import" }).click();
  await page.waitForURL("**/compliance/round-trip");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compliance Readiness Tracker");
  await expect(itemBar(page, 1)).toHaveAttribute("aria-valuetext", "71.4%");
  // the copy is the same program: its export is the same text
  expect(await (await page.request.get("/compliance/round-trip/export/md")).text()).toBe(markdown);

  await page.goto(`/compliance/${SLUG}/report`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compliance Readiness Tracker");
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await page.screenshot({ path: `${SCREENSHOTS}/compliance-report-print.png`, fullPage: true });
});
