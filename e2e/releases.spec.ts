import { spawnSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { CI_KEY_DIR, CI_KEY_FILE } from "../playwright.config";
import { type DEMO, DEMO_PASSWORD, openRowDialog, signInAsDemo } from "./fixtures";

// Promotion end to end: a security officer registers the pipeline's key file as the release key, an administrator
// makes the pipeline's API token, the pipeline registers signed releases and asks for promotions with plain HTTP
// calls (as curl would), and people decide in their own browsers: a release engineer and a security officer take
// a release to PROD (the security officer's stale sign-in is sent to "Confirm it's you" first), the lane ends
// complete and the attestation downloaded from the page verifies with openssl. A tampered bundle is refused with
// the reason on screen, and a requester's own approval is refused.
test.describe.configure({ mode: "serial" });

const SCREENSHOTS = "test-results/screenshots";
fs.mkdirSync(SCREENSHOTS, { recursive: true });
const AUTH_SECRET = "e2e-secret-0123456789abcdef0123456789abcdef";
const SESSION_COOKIE = "authjs.session-token";
const ciKey = createPrivateKey(fs.readFileSync(path.join(CI_KEY_DIR, CI_KEY_FILE)));
const ciPublicKeyPem = createPublicKey(ciKey).export({ type: "spki", format: "pem" }).toString();
const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
const run = Date.now() % 100_000;

let token = "";

type Bundle = { version: string; files: Record<string, Buffer>; checksums: string; signature: Buffer };

/** What a pipeline builds: artifacts, SHA256SUMS as sha256sum writes it, SHA256SUMS.sig as openssl writes it. */
function bundle(version: string, options: { tamper?: boolean } = {}): Bundle {
  const files: Record<string, Buffer> = {
    [`payments-${version}-linux-amd64.tar.gz`]: Buffer.from(`payments ${version} linux build\n`.repeat(200)),
    "sbom.spdx.json": Buffer.from(JSON.stringify({ name: "payments", version })),
  };
  const checksums = Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, bytes]) => `${sha256(bytes)}  ${name}\n`)
    .join("");
  const signature = sign("sha256", Buffer.from(checksums), ciKey);
  if (options.tamper) {
    const name = `payments-${version}-linux-amd64.tar.gz`;
    files[name] = Buffer.concat([files[name] as Buffer, Buffer.from("backdoor\n")]);
  }
  return { version, files, checksums, signature };
}

async function api(baseURL: string, method: string, route: string, body?: FormData | object) {
  const response = await fetch(new URL(route, baseURL), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body && !(body instanceof FormData) ? { "content-type": "application/json" } : {}),
    },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

/** The pipeline's registration: the files themselves, multipart, as `curl -F` sends them. */
async function register(baseURL: string, release: Bundle): Promise<string> {
  const form = new FormData();
  form.append("product", "payments");
  form.append("version", release.version);
  form.append("sourceCommit", sha256(release.version).slice(0, 40));
  form.append("ciRunId", `run-${release.version}`);
  form.append("ciRunUrl", `https://ci.example/payments/runs/${release.version}`);
  form.append("SHA256SUMS", new Blob([release.checksums]), "SHA256SUMS");
  form.append("SHA256SUMS.sig", new Blob([new Uint8Array(release.signature)]), "SHA256SUMS.sig");
  for (const [name, bytes] of Object.entries(release.files))
    form.append("artifact", new Blob([new Uint8Array(bytes)]), name);
  const registered = await api(baseURL, "POST", "/api/v1/releases", form);
  expect(registered.status).toBe(201);
  return registered.body.release.id as string;
}

function promote(baseURL: string, releaseId: string, environment: string) {
  return api(baseURL, "POST", `/api/v1/releases/${releaseId}/promotions`, {
    environment,
    comment: `pipeline ${run}`,
  });
}

async function personIn(
  browser: Browser,
  who: keyof typeof DEMO,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsDemo(page, who);
  return { context, page };
}

/** Makes this browser's sign-in ten minutes old: the session token re-issued with an earlier authTime. */
async function ageSignIn(context: BrowserContext, baseURL: string): Promise<void> {
  const cookie = (await context.cookies(baseURL)).find((candidate) => candidate.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  const claims = await decode({ token: cookie.value, secret: AUTH_SECRET, salt: SESSION_COOKIE });
  if (!claims) throw new Error("the session cookie does not decode");
  const aged = await encode({
    token: { ...claims, authTime: Math.floor(Date.now() / 1000) - 600 },
    secret: AUTH_SECRET,
    salt: SESSION_COOKIE,
  });
  await context.addCookies([{ ...cookie, value: aged }]);
}

function promotionCard(page: Page) {
  return page.getByRole("region", { name: "Promotion" });
}

function lane(page: Page, version: string) {
  return promotionCard(page).getByRole("list", { name: `Pipeline of payments ${version}` });
}

test("a security officer registers the pipeline's key file as the release key; an admin makes its token", async ({
  page,
}) => {
  await signInAsDemo(page, "security");
  await page.goto("/keys?purpose=release&status=active");
  const table = page.getByRole("table", { name: "Signing keys" });
  await expect(table.getByRole("row")).toHaveCount(2);
  // whatever the earlier specs left active (the demo key, or the one a rotation made)
  const drawer = page.getByRole("dialog");
  await openRowDialog(table.getByRole("row").nth(1), drawer);
  const revoke = drawer.getByRole("form", { name: "Revoke this key" });
  await revoke.getByLabel("Reason").fill("Replaced by the CI pipeline's release key");
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "revoked" })).toBeVisible();
  await page.getByRole("button", { name: "Create a Release key" }).click();
  const create = page.getByRole("dialog", { name: "Create a release key" });
  await create.getByLabel("Key", { exact: true }).selectOption(CI_KEY_FILE);
  await create.getByLabel("Label").fill("ci-release");
  await create.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is active" })).toBeVisible();

  await signInAsDemo(page, "admin");
  await page.goto("/admin/api-tokens");
  await page.getByRole("button", { name: "New token" }).click();
  const tokenDrawer = page.getByRole("dialog", { name: "New API token" });
  await tokenDrawer.getByLabel("Name").fill(`payments pipeline ${run}`);
  await tokenDrawer.getByLabel("Request promotions").check();
  await tokenDrawer.getByRole("button", { name: "Create token" }).click();
  token =
    (await page.getByRole("dialog", { name: "Token created" }).getByTestId("created-token").textContent()) ??
    "";
  expect(token).toMatch(/^rgp_/);
});

test("a release engineer and a security officer approve a release to PROD; its attestation verifies with openssl", async ({
  browser,
  baseURL,
}) => {
  const base = baseURL as string;
  const version = `4.${run}.0`;
  const releaseId = await register(base, bundle(version));
  expect(await promote(base, releaseId, "DEV")).toMatchObject({ status: 201, body: { status: "PROMOTED" } });
  expect(await promote(base, releaseId, "STAGING")).toMatchObject({
    status: 201,
    body: { status: "PENDING", stillNeeded: "1 release engineer" },
  });

  const rhea = await personIn(browser, "release");
  await rhea.page.goto(`/releases/${releaseId}`);
  await expect(lane(rhea.page, version).getByRole("listitem")).toHaveText([
    /^DEV\s*Done/,
    /^STAGING\s*Waiting/,
    /^PROD\s*Pending/,
  ]);
  const staging = promotionCard(rhea.page).getByRole("form", { name: "Your decision on STAGING" });
  await staging.getByLabel("Comment").fill("Smoke tests green on staging");
  await rhea.page.screenshot({ path: `${SCREENSHOTS}/promotion-staging-approval.png`, fullPage: true });
  await staging.getByLabel("Comment").press("Enter");
  await expect(promotionCard(rhea.page).getByRole("status")).toContainText(
    `payments ${version} promoted to STAGING`,
  );

  expect(await promote(base, releaseId, "PROD")).toMatchObject({
    status: 201,
    body: { status: "PENDING", stillNeeded: "1 release engineer + 1 security officer" },
  });

  // the security officer's sign-in is older than five minutes: the approval sends them to confirm it's them
  const sam = await personIn(browser, "security");
  await ageSignIn(sam.context, base);
  await sam.page.goto(`/releases/${releaseId}`);
  const prodForSam = promotionCard(sam.page).getByRole("form", { name: "Your decision on PROD" });
  await prodForSam.getByLabel("Comment").fill("SBOM scanned: no open critical CVEs");
  await prodForSam.getByRole("button", { name: "Approve" }).click();
  const stale = prodForSam.getByRole("alert");
  await expect(stale).toContainText("Please confirm it's you");
  await sam.page.screenshot({ path: `${SCREENSHOTS}/promotion-reauth.png`, fullPage: true });
  await stale.getByRole("link", { name: "Confirm it's you" }).click();
  await expect(sam.page).toHaveURL(/\/reauth/);
  await sam.page.getByLabel("Password").fill(DEMO_PASSWORD);
  await sam.page.getByRole("button", { name: "Confirm" }).click();
  await expect(sam.page).toHaveURL(new RegExp(`/releases/${releaseId}$`));
  const again = promotionCard(sam.page).getByRole("form", { name: "Your decision on PROD" });
  await again.getByLabel("Comment").fill("SBOM scanned: no open critical CVEs");
  await again.getByRole("button", { name: "Approve" }).click();
  await expect(promotionCard(sam.page).getByRole("status")).toContainText(
    "PROD still needs 1 release engineer",
  );

  await rhea.page.reload();
  const prodPanel = promotionCard(rhea.page).getByRole("region", { name: "PROD approval" });
  await expect(prodPanel.getByRole("list", { name: "Required approvals" })).toContainText(
    "1 security officerapproved by Sam Security",
  );
  await prodPanel.getByLabel("Comment").fill("Change CHG-4711 approved");
  await prodPanel.getByRole("button", { name: "Approve" }).click();
  await expect(promotionCard(rhea.page).getByRole("status")).toContainText(
    `payments ${version} promoted to PROD`,
  );
  await expect(lane(rhea.page, version).getByRole("listitem")).toHaveText([
    /^DEV\s*Done/,
    /^STAGING\s*Done/,
    /^PROD\s*Done/,
  ]);
  const history = promotionCard(rhea.page).getByRole("table", { name: "Promotions" });
  const prodRow = history
    .getByRole("row")
    .filter({ has: rhea.page.getByRole("rowheader", { name: "PROD" }) });
  await expect(prodRow).toContainText("Rhea Release (release engineer)");
  await expect(prodRow).toContainText("Sam Security (security officer)");
  await expect(prodRow).toContainText(`releases/prod/payments/${version}/`);
  await rhea.page.screenshot({ path: `${SCREENSHOTS}/promotion-complete.png`, fullPage: true });

  const [download] = await Promise.all([
    rhea.page.waitForEvent("download"),
    prodRow.getByRole("link", { name: "Download the PROD attestation" }).click(),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-attestation-"));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const envelope = JSON.parse(fs.readFileSync(file, "utf8"));
  const payload = Buffer.from(envelope.payload, "base64");
  const type = Buffer.from(envelope.payloadType);
  fs.writeFileSync(
    path.join(dir, "pae.bin"),
    Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]),
  );
  fs.writeFileSync(path.join(dir, "sig.der"), Buffer.from(envelope.signatures[0].sig, "base64"));
  fs.writeFileSync(path.join(dir, "key.pem"), ciPublicKeyPem);
  const openssl = spawnSync(
    "openssl",
    ["dgst", "-sha256", "-verify", "key.pem", "-signature", "sig.der", "pae.bin"],
    {
      cwd: dir,
      encoding: "utf8",
    },
  );
  expect(openssl.stdout.trim()).toBe("Verified OK");
  const statement = JSON.parse(payload.toString("utf8"));
  expect(statement).toMatchObject({
    _type: "https://in-toto.io/Statement/v1",
    predicateType: "https://portal.example/promotion/v1",
    predicate: {
      environment: "PROD",
      approvers: [
        expect.objectContaining({ name: "Rhea Release", role: "RELEASE_ENGINEER" }),
        expect.objectContaining({ name: "Sam Security", role: "SECURITY_OFFICER" }),
      ],
    },
  });
  await rhea.context.close();
  await sam.context.close();
});

test("a tampered bundle is refused with the reason, on screen and to the pipeline", async ({
  page,
  baseURL,
}) => {
  const base = baseURL as string;
  const version = `4.${run}.1`;
  const releaseId = await register(base, bundle(version, { tamper: true }));
  const refused = await promote(base, releaseId, "DEV");
  expect(refused.status).toBe(412);
  expect(refused.body.error.message).toMatch(/cannot be promoted: .*do not match their listed SHA-256/);
  await signInAsDemo(page, "release");
  await page.goto(`/releases/${releaseId}`);
  await expect(promotionCard(page).getByRole("alert").first()).toContainText(
    "Cannot be promoted: 1 file(s) do not match their listed SHA-256",
  );
  await expect(lane(page, version).getByRole("listitem").first()).toHaveText(/^DEV\s*Blocked/);
  await expect(promotionCard(page).getByRole("button", { name: /Request promotion/ })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/promotion-tampered.png`, fullPage: true });
});

test("the requester's own approval is refused", async ({ page, baseURL }) => {
  const base = baseURL as string;
  const version = `4.${run}.2`;
  const releaseId = await register(base, bundle(version));
  expect((await promote(base, releaseId, "DEV")).body.status).toBe("PROMOTED");
  await signInAsDemo(page, "release");
  await page.goto(`/releases/${releaseId}`);
  const request = promotionCard(page).getByRole("form", { name: "Request promotion to STAGING" });
  await request.getByLabel("Comment (optional)").fill("QA sign-off in TICKET-88");
  await request.getByRole("button", { name: "Request promotion to STAGING" }).click();
  const decision = promotionCard(page).getByRole("form", { name: "Your decision on STAGING" });
  await expect(decision).toContainText("You cannot approve this request: you requested this promotion");
  await decision.getByRole("button", { name: "Approve" }).click();
  await expect(decision.getByRole("alert")).toContainText(
    "you requested this promotion: another person must approve it",
  );
  await expect(lane(page, version).getByRole("listitem").nth(1)).toHaveText(/^STAGING\s*Waiting/);
  await page.screenshot({ path: `${SCREENSHOTS}/promotion-self-approval.png`, fullPage: true });
});

test("a security officer edits an environment's policy and plans a freeze window; a release engineer reads them", async ({
  page,
}) => {
  await signInAsDemo(page, "security");
  await page.goto("/releases/environments");
  const policies = page.getByRole("table", { name: "Environment policies" });
  const staging = policies.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "STAGING" }) });
  await expect(staging).toContainText("1 release engineer");
  await staging.getByRole("button", { name: "Edit STAGING" }).click();
  const drawer = page.getByRole("dialog", { name: "STAGING policy" });
  await drawer.getByLabel("Soak after the previous environment (minutes)").fill("30");
  await drawer.getByLabel("Requests expire after (hours)").fill("0");
  await drawer.getByRole("button", { name: "Save policy" }).click();
  await expect(drawer.getByText("At least 1 hour")).toBeVisible();
  await drawer.getByLabel("Requests expire after (hours)").fill("48");
  await drawer.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status")).toHaveText("STAGING policy saved.");
  await expect(staging).toContainText("30 minutes");
  await expect(staging).toContainText("48 hours");
  await expect(staging).toContainText("by Sam Security");

  await page.getByRole("button", { name: "New freeze window" }).click();
  const freeze = page.getByRole("dialog", { name: "New freeze window" });
  await freeze.getByLabel("Environment").selectOption("PROD");
  await freeze.getByLabel("Starts").fill("2030-12-20T18:00");
  await freeze.getByLabel("Ends").fill("2031-01-05T08:00");
  await freeze.getByLabel("Reason").fill("Year-end change freeze");
  await freeze.getByRole("button", { name: "Create freeze window" }).click();
  await expect(page.getByRole("status")).toHaveText("Freeze window for PROD created.");
  const windows = page.getByRole("list", { name: "Freeze windows" });
  await expect(windows).toContainText("Year-end change freeze");
  await expect(windows).toContainText("upcoming");
  await page.screenshot({ path: `${SCREENSHOTS}/environments.png`, fullPage: true });

  await signInAsDemo(page, "release");
  await page.goto("/releases/environments");
  await expect(page.getByRole("table", { name: "Environment policies" })).toContainText("30 minutes");
  await expect(page.getByRole("list", { name: "Freeze windows" })).toContainText("Year-end change freeze");
  await expect(page.getByRole("button", { name: /Edit/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New freeze window" })).toHaveCount(0);
});
