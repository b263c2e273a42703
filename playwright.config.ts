import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Against the production build (`next build` first; npm test does it). The portal runs in demo mode on a fresh
// embedded database in a temporary directory, next to a real OIDC provider on loopback.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 4010);
// Auth.js builds its URLs with "localhost" even when asked for 127.0.0.1: browse on localhost, or the CSRF cookie
// is set for one host and sent to the other (MissingCSRF).
const APP_URL = `http://localhost:${PORT}`;
// Evaluated in the runner and in every worker: keep the first value, which workers inherit through the env.
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `portal-e2e-${process.pid}-${Date.now()}`);

// The CI pipeline's release signing key, as a PEM file in the portal's key directory (SIGNING_KEY_DIR): a security
// officer registers it as the release key at /keys, and the pipeline (e2e/releases.spec.ts) signs SHA256SUMS with
// it. Made once per run, by whichever process evaluates this file first.
export const CI_KEY_DIR = path.join(process.env.E2E_DATA_DIR, "ci-keys");
export const CI_KEY_FILE = "ci-release.pem";
if (!fs.existsSync(path.join(CI_KEY_DIR, CI_KEY_FILE))) {
  fs.mkdirSync(CI_KEY_DIR, { recursive: true });
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  fs.writeFileSync(path.join(CI_KEY_DIR, CI_KEY_FILE), privateKey.export({ type: "pkcs8", format: "pem" }), {
    mode: 0o600,
  });
}

export const OIDC_ROLE_MAP =
  "release-engineers=RELEASE_ENGINEER,security-officers=SECURITY_OFFICER,auditors=AUDITOR,incident-responders=INCIDENT_RESPONDER,portal-admins=ADMIN";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // npm test adds a JSON report for its summary line (PLAYWRIGHT_JSON_OUTPUT_NAME)
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: APP_URL,
    browserName: "chromium",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's chromium: `npx playwright install` cannot download browsers here (or at an air-gapped site)
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: "node e2e/oidc-server.mjs",
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      env: { OIDC_PORT: String(OIDC_PORT), APP_URL },
      reuseExistingServer: false,
    },
    {
      command: `node node_modules/next/dist/bin/next start -p ${PORT}`,
      url: `${APP_URL}/api/auth/providers`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORTAL_DEMO: "true",
        DATA_DIR: process.env.E2E_DATA_DIR,
        DATABASE_URL: "",
        AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
        // the software signing backend's key-encryption key (32 bytes, hex); demo keys are made under it
        SIGNING_KEK: "e2e0".repeat(16),
        SIGNING_KEY_DIR: CI_KEY_DIR,
        AUTH_URL: APP_URL,
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: "portal",
        OIDC_CLIENT_SECRET: "portal-secret",
        OIDC_DISPLAY_NAME: "Test IdP",
        OIDC_ROLE_MAP,
        LOGIN_MAX_FAILURES: "3",
        LOGIN_LOCKOUT_MINUTES: "15",
        // break-glass: one-minute sessions are the default here, and the sweeper runs often
        BREAKGLASS_POLICY_FILE: "e2e/break-glass-policy.json",
        BREAKGLASS_SWEEP_SECONDS: "5",
        // key ceremonies: the policy covers only operations the other specs leave alone (e2e/signing-ceremonies)
        SIGNING_CEREMONY_POLICY: "revoke:mirror=2,rotate:audit-checkpoint=2",
      },
    },
  ],
});
