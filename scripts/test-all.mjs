// `npm test`: everything a change must pass, in the order that fails fastest.
//   lint -> typecheck -> unit + integration (embedded PostgreSQL) -> the same on PostgreSQL when
//   TEST_DATABASE_URL is set -> production build -> browser tests (Playwright, Debian's chromium)
// Ends with one line "N passed, N failed" over all tests, and exits non-zero if any step failed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const reports = path.join(root, "test-results/reports");
fs.rmSync(reports, { recursive: true, force: true });
fs.mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, "node_modules/.bin", name);
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(label, command, args, env = baseEnv) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  const ok = result.status === 0;
  console.log(`=== ${label}: ${ok ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (!ok) failedSteps.push(label);
  return ok;
}

function countVitest(file) {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // a file that fails to load has no failed tests of its own: count it, or the summary would hide it
  if ((report.numFailedTestSuites ?? 0) > 0 && (report.numFailedTests ?? 0) === 0) totals.failed += 1;
}

function countPlaywright(file) {
  if (!fs.existsSync(file)) return;
  const stats = JSON.parse(fs.readFileSync(file, "utf8")).stats ?? {};
  totals.passed += stats.expected ?? 0;
  totals.failed += (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  totals.skipped += stats.skipped ?? 0;
}

function vitest(label, reportName, env) {
  const file = path.join(reports, reportName);
  const ok = run(
    label,
    bin("vitest"),
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`],
    env,
  );
  countVitest(file);
  if (!ok && !fs.existsSync(file)) totals.failed += 1;
}

run("lint (biome)", bin("biome"), ["check", "."]);
run("typecheck (tsc)", bin("tsc"), ["--noEmit"]);
vitest("unit + integration on embedded PostgreSQL (PGlite)", "vitest-pglite.json", {
  ...baseEnv,
  TEST_DATABASE_URL: "",
});
if (process.env.TEST_DATABASE_URL) {
  vitest("integration on PostgreSQL (TEST_DATABASE_URL)", "vitest-postgres.json", baseEnv);
} else {
  console.log("\n(TEST_DATABASE_URL is not set: the PostgreSQL-server run is skipped; .ci/run sets it)");
}
if (run("production build (next build)", bin("next"), ["build"])) {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    console.error(`\nBrowser tests need Debian's chromium at ${chromium}: sudo apt-get install -y chromium`);
    failedSteps.push("browser tests (chromium missing)");
    totals.failed += 1;
  } else {
    const file = path.join(reports, "playwright.json");
    run("browser tests (Playwright + chromium)", bin("playwright"), ["test"], {
      ...baseEnv,
      PLAYWRIGHT_JSON_OUTPUT_NAME: file,
    });
    countPlaywright(file);
  }
}

console.log("");
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join("; ")}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
