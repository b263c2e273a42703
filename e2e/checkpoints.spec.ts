import { expect, test } from "@playwright/test";
import { FakeTransparencyLog, newFakeLogKey } from "../test/fakes/fake-transparency-log";
import { openRowDialog, signInAsDemo } from "./fixtures";

const SHOTS = "test-results/screens";

test("an auditor signs a checkpoint, proves two checkpoints consistent and an event included, in the browser", async ({
  page,
}) => {
  await signInAsDemo(page, "auditor");
  await page.goto("/audit");
  await page.getByRole("link", { name: "Checkpoints" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit checkpoints");
  const table = page.getByRole("table", { name: "Audit checkpoints" });
  // the demo seed signed two checkpoints around the mirror's seeding
  await expect(table.getByRole("row").filter({ hasText: "signature verified" }).first()).toBeVisible();
  const before = await table.getByRole("row").filter({ hasText: "signature verified" }).count();

  await page.getByRole("button", { name: "Make a checkpoint now" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: /Signed a checkpoint of [\d,]+ events/ }),
  ).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: "signature verified" })).toHaveCount(before + 1);
  await expect(table.getByRole("row").nth(1)).toContainText("Ada Auditor");

  // the newest and the oldest: the log only grew between them
  await table.getByRole("checkbox").first().check();
  await table.getByRole("checkbox").last().check();
  const consistency = page.getByTestId("consistency-proof");
  await expect(consistency).toContainText("consistency verified in your browser");
  await expect(consistency).toContainText("nothing was removed or rewritten");
  await expect(
    consistency.getByRole("list", { name: "Consistency proof" }).getByRole("listitem").first(),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/audit-checkpoints.png`, fullPage: true });

  await openRowDialog(table.getByRole("row").nth(1), page.getByRole("dialog"));
  // the signed note itself: origin, size, root, timestamp, blank line, "— <origin> <signature>"
  await expect(page.getByRole("dialog")).toContainText(/\u2014 localhost:\d+\/audit-log [A-Za-z0-9+/]+=*/);
  await page.screenshot({ path: `${SHOTS}/audit-checkpoint-note.png` });
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

  // an event of the log: its inclusion proof against the latest checkpoint, each path hash listed
  await page.goto("/audit?order=asc");
  const events = page.getByRole("table", { name: "Audit events" });
  const drawer = page.getByRole("dialog");
  await openRowDialog(events.getByRole("row").filter({ hasText: "system.demo_seeded" }), drawer);
  const proof = drawer.getByTestId("inclusion-proof");
  await expect(proof).toContainText("inclusion verified in your browser");
  await expect(proof).toContainText("signature verified");
  await expect(proof.getByRole("list", { name: "Audit path" }).getByRole("listitem").first()).toContainText(
    "Path hash 1",
  );
  await proof.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/audit-event-inclusion-proof.png`, fullPage: true });

  const download = await page.request.get("/audit/checkpoints/inclusion-proof.json?seq=1");
  expect(download.status()).toBe(200);
  expect(await download.json()).toMatchObject({
    mediaType: "application/vnd.portal.audit-inclusion-proof+json;version=1",
    seq: 1,
    leafIndex: 0,
  });
});

test("a security officer follows a log, imports a checkpoint, then a diverging one: the alarm banner", async ({
  page,
  browser,
  baseURL,
}) => {
  const log = new FakeTransparencyLog(`e2e.test/log-${Date.now()}`, newFakeLogKey("e2e.test")).append(8);
  const fork = log.fork(5).append(3, "forged");

  await signInAsDemo(page, "security");
  await page.goto("/evidence/transparency");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Transparency-log mirror");
  // the demo seed follows the real Rekor shard with the sigstore@3.1.0 entry
  await expect(page.getByRole("table", { name: "Followed transparency logs" })).toContainText(
    "Rekor (public good)",
  );

  await page.getByRole("button", { name: "Follow a log" }).click();
  const add = page.getByRole("dialog", { name: "Follow a transparency log" });
  await add.getByRole("textbox", { name: "Name", exact: true }).fill("E2E log");
  await add.getByLabel("Origin").fill(log.origin);
  await add.getByLabel("Public key").fill(log.vkey);
  await add.getByRole("button", { name: "Add log" }).click();

  const drawer = page.getByRole("dialog", { name: "E2E log" });
  await expect(drawer).toContainText("No checkpoint yet");
  const importForm = drawer.getByRole("form", { name: "Import a checkpoint" });
  await importForm.getByLabel("Signed checkpoint (or paste)").fill(log.checkpoint(8));
  await importForm.getByRole("button", { name: "Import checkpoint" }).click();
  await expect(importForm.getByRole("status")).toContainText("the first checkpoint of E2E log (size 8)");
  await expect(page.getByRole("region", { name: "Transparency log divergence" })).toHaveCount(0);

  // the same log key now signs another history of the same size
  await importForm.getByLabel("Signed checkpoint (or paste)").fill(fork.checkpoint(8));
  await importForm.getByRole("button", { name: "Import checkpoint" }).click();
  await expect(importForm.getByRole("status")).toContainText("Divergence: Two checkpoints of size 8");
  const banner = page.getByRole("region", { name: "Transparency log divergence" });
  await expect(banner).toContainText("E2E log");
  await expect(drawer.getByRole("article", { name: "Divergence alarm for E2E log" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/mirror-divergence-drawer.png`, fullPage: true });
  await drawer.getByRole("button", { name: "Close" }).click();

  // the banner is on every page, and the page lists the alarm with both checkpoints
  await page.goto("/");
  await expect(banner).toBeVisible();
  await page.goto("/evidence/transparency");
  const alarm = page.getByRole("article", { name: "Divergence alarm for E2E log" });
  await expect(alarm).toContainText("two roots for one tree size");
  await page.screenshot({ path: `${SHOTS}/mirror-divergence.png`, fullPage: true });

  // an auditor sees the mirror but not the banner, and cannot acknowledge
  const auditorContext = await browser.newContext({ baseURL });
  const auditor = await auditorContext.newPage();
  await signInAsDemo(auditor, "auditor");
  await auditor.goto("/evidence/transparency");
  await expect(auditor.getByRole("article", { name: "Divergence alarm for E2E log" })).toBeVisible();
  await expect(auditor.getByRole("region", { name: "Transparency log divergence" })).toHaveCount(0);
  await expect(auditor.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await auditorContext.close();

  await alarm.getByLabel("What was found or done").fill("E2E: the fork was made by the test on purpose");
  await alarm.getByRole("button", { name: "Acknowledge" }).click();
  await expect(banner).toHaveCount(0);
});
