// Break-glass end to end against the production build: an incident responder re-authenticates, opens a
// one-minute session (e2e/break-glass-policy.json), does what was refused before, sees the banner and countdown on
// every page, and is refused again after expiry with no server restart. A security officer then sees the
// notification, revokes another session (refused on the responder's next request) and reviews the finished one.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, signInAsDemo } from "./fixtures";

const SHOTS = "test-results/screenshots";

async function reauthenticate(page: Page, returnTo: string) {
  await page.goto(`/reauth?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(returnTo);
}

async function openSession(page: Page, options: { scopes: string[]; minutes: number; why: string }) {
  await page.goto("/break-glass");
  const form = page.getByRole("region", { name: "Open a break-glass session" });
  await form.getByLabel("Reason").selectOption("INCIDENT_P1");
  await form.getByLabel("Duration (minutes)").fill(String(options.minutes));
  await form.getByLabel("Ticket (optional)").fill("INC-4711");
  await form.getByLabel("What is happening").fill(options.why);
  for (const scope of options.scopes)
    await form.getByRole("checkbox", { name: new RegExp(`^${scope} `) }).check();
  await form.getByRole("button", { name: "Open break-glass session" }).click();
  await expect(page.getByRole("region", { name: "Break-glass session active" })).toBeVisible();
}

async function signedInPage(browser: Browser, who: keyof typeof DEMO) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsDemo(page, who);
  return { page, close: () => context.close() };
}

test.describe.configure({ mode: "serial" });

test("on first start the demo already has finished sessions: one acknowledged, one awaiting review", async ({
  page,
}) => {
  await signInAsDemo(page, "auditor");
  await page.goto("/break-glass");
  const table = page.getByRole("table", { name: "Break-glass sessions" });
  await expect(table.getByRole("row", { name: /SECURITY_INCIDENT/ })).toContainText("Closed");
  await page.screenshot({ path: `${SHOTS}/break-glass-demo-list.png`, fullPage: true });
  await table
    .getByRole("row", { name: /audit:verify/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/break-glass\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Acknowledged", { exact: true }).first()).toBeVisible();
  const trail = page.getByRole("table", { name: "Everything done under this session" });
  await expect(trail.getByRole("row", { name: /Verified the audit chain.*Under break-glass/ })).toHaveCount(
    2,
  );
  await page.screenshot({ path: `${SHOTS}/break-glass-demo-report.png`, fullPage: true });
});

test("an incident responder opens a one-minute session, acts under it, and loses it at expiry", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsDemo(page, "incident");
  // refused before: the audit log is not the incident responder's
  const before = await page.goto("/audit");
  expect(before?.status()).toBe(403);

  await reauthenticate(page, "/break-glass");
  await openSession(page, {
    scopes: ["audit:read", "audit:verify"],
    minutes: 1,
    why: "Checkout outage: verify nothing was tampered with",
  });
  const banner = page.getByRole("region", { name: "Break-glass session active" });
  await expect(banner.getByTestId("break-glass-scopes")).toHaveText("audit:read, audit:verify");
  await expect(banner.getByRole("timer")).toContainText(/00:[0-5]\d/);
  await page.screenshot({ path: `${SHOTS}/break-glass-active.png`, fullPage: true });

  // the banner follows to other pages, and the elevated action now works
  await page.getByRole("link", { name: "Audit" }).first().click();
  await expect(page).toHaveURL(/\/audit/);
  await expect(banner).toBeVisible();
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Chain intact" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/break-glass-audit-under-grant.png`, fullPage: true });

  // at expiry the banner goes by itself, and the next request is refused; nobody restarted anything
  await expect(banner).toBeHidden({ timeout: 75_000 });
  const after = await page.goto("/audit");
  expect(after?.status()).toBe(403);
  await page.screenshot({ path: `${SHOTS}/break-glass-after-expiry.png`, fullPage: true });
});

test("a security officer is notified, revokes a live session and reviews the finished one", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ian = await signedInPage(browser, "incident");
  const sam = await signedInPage(browser, "security");
  try {
    // the notice of the expired session (and of its opening) is waiting in the bell
    const bell = sam.page.getByRole("button", { name: /Notifications, \d+ unread/ });
    await expect(bell).toBeVisible();
    await bell.click();
    await expect(sam.page.getByRole("list", { name: "Latest notifications" })).toContainText(
      `${DEMO.incident.name} opened break-glass (INCIDENT_P1)`,
    );
    await sam.page.screenshot({ path: `${SHOTS}/break-glass-bell.png` });

    // Ian opens a longer one; Sam revokes it; Ian's next request is refused
    await openSession(ian.page, { scopes: ["audit:read"], minutes: 10, why: "Second look at the trail" });
    await sam.page.goto("/break-glass?filter=active");
    await sam.page
      .getByRole("row", { name: new RegExp(DEMO.incident.name) })
      .first()
      .click();
    await expect(sam.page).toHaveURL(/\/break-glass\/[0-9a-f-]{36}$/);
    await sam.page.getByLabel("Why").fill("Incident closed by the on-call lead");
    await sam.page.getByRole("button", { name: "Revoke session" }).click();
    await expect(sam.page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(sam.page.getByText("Revoked", { exact: true }).first()).toBeVisible();
    expect((await ian.page.goto("/audit"))?.status()).toBe(403);
    await expect(ian.page.getByRole("region", { name: "Break-glass session active" })).toBeHidden();

    // Ian opens a third, extends it once (the test policy allows one), and closes it from the banner elsewhere
    await openSession(ian.page, { scopes: ["audit:read"], minutes: 5, why: "Quick check of one event" });
    const mySession = ian.page.getByRole("region", { name: "Your break-glass session" });
    await mySession.getByLabel("Extend by (min)").fill("5");
    await mySession.getByLabel("Why more time").fill("Need to compare two more events");
    await mySession.getByRole("button", { name: "Extend (1 left)" }).click();
    await expect(mySession.getByRole("button", { name: "Extend (0 left)" })).toBeDisabled();
    await ian.page.getByRole("link", { name: "Session report" }).click();
    await expect(ian.page.getByRole("region", { name: "Extensions (1)" })).toContainText(
      "Need to compare two more events",
    );
    await ian.page.goto("/");
    await ian.page.getByRole("button", { name: "Close now" }).click();
    await expect(ian.page.getByRole("region", { name: "Break-glass session active" })).toBeHidden();

    // the first, expired session: its report lists the action done under it; Sam acknowledges it
    await sam.page.goto("/break-glass?filter=expired");
    await sam.page
      .getByRole("row", { name: /audit:verify/ })
      .first()
      .click();
    const trail = sam.page.getByRole("table", { name: "Everything done under this session" });
    await expect(
      trail.getByRole("row", { name: /Verified the audit chain.*Under break-glass/ }),
    ).toBeVisible();
    await expect(trail).toContainText("Break-glass session expired");
    await sam.page.getByLabel("Notes").fill("Verification only, matches the incident ticket");
    await sam.page.getByRole("button", { name: "Acknowledge" }).click();
    await expect(sam.page.getByText("Acknowledged", { exact: true }).first()).toBeVisible();
    await sam.page.screenshot({ path: `${SHOTS}/break-glass-report.png`, fullPage: true });

    await sam.page.goto("/break-glass?filter=awaiting-review");
    await expect(sam.page.getByRole("table", { name: "Break-glass sessions" })).toContainText("Revoked");
    await sam.page.screenshot({ path: `${SHOTS}/break-glass-list.png`, fullPage: true });
  } finally {
    await ian.close();
    await sam.close();
  }
});

test("a scope that needs a second person waits for a security officer's approval", async ({ browser }) => {
  const ian = await signedInPage(browser, "incident");
  const sam = await signedInPage(browser, "security");
  try {
    await ian.page.goto("/break-glass");
    const form = ian.page.getByRole("region", { name: "Open a break-glass session" });
    await form.getByLabel("What is happening").fill("IdP outage: unlock the on-call account");
    await form.getByLabel("Duration (minutes)").fill("5");
    await form.getByRole("checkbox", { name: /^admin:users / }).check();
    await ian.page.screenshot({ path: `${SHOTS}/break-glass-open-form.png`, fullPage: true });
    await form.getByRole("button", { name: "Open break-glass session" }).click();
    await expect(
      ian.page.getByRole("region", { name: "Your request is waiting for a second person" }),
    ).toBeVisible();
    expect((await ian.page.goto("/admin/users"))?.status()).toBe(403);

    await sam.page.goto("/break-glass?filter=pending");
    await sam.page
      .getByRole("row", { name: /admin:users/ })
      .first()
      .click();
    await expect(sam.page.getByRole("button", { name: "Approve" })).toBeVisible();
    await sam.page.screenshot({ path: `${SHOTS}/break-glass-approval.png`, fullPage: true });
    await sam.page.getByRole("button", { name: "Approve" }).click();
    await expect(sam.page.getByText("Active", { exact: true }).first()).toBeVisible();

    expect((await ian.page.goto("/admin/users"))?.status()).toBe(200);
    await ian.page.getByRole("button", { name: "Close now" }).click();
    await expect(ian.page.getByRole("region", { name: "Break-glass session active" })).toBeHidden();
  } finally {
    await ian.close();
    await sam.close();
  }
});

test("the sealed bootstrap account cannot sign in until the console enables it", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("breakglass@bootstrap.local");
  await page.getByLabel("Password").fill("any-guess-at-all");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "The bootstrap break-glass account is sealed",
  );
});
