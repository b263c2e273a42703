// The PKCS#11 tests must run for real in CI: without SoftHSM they fail there, and only skip (loudly) elsewhere.
// Shown by running the PKCS#11 test file in a child vitest with the module path pointing nowhere.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function runPkcs11TestsWithoutSoftHsm(ci: string) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")),
  ) as NodeJS.ProcessEnv;
  const result = spawnSync(
    path.join(root, "node_modules/.bin/vitest"),
    ["run", "server/signing/backends/pkcs11.test.ts", "--reporter=default", "--color=false"],
    {
      cwd: root,
      encoding: "utf8",
      env: {
        ...env,
        CI: ci,
        SOFTHSM2_MODULE: "/nonexistent/libsofthsm2.so",
        // the child needs no database: with a server URL set, global setup skips preparing the embedded one
        TEST_DATABASE_URL: "postgresql://unused@127.0.0.1:1/unused",
      },
      timeout: 120_000,
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("PKCS#11 tests without SoftHSM", () => {
  it("fail in CI, naming what is missing", () => {
    const { status, output } = runPkcs11TestsWithoutSoftHsm("true");
    expect(status).toBe(1);
    expect(output).toMatch(
      /SoftHSM2 is missing in CI \(no PKCS#11 module at \/nonexistent\/libsofthsm2\.so\)/,
    );
    expect(output).toMatch(/1 failed/);
  });

  it("are skipped elsewhere, with a loud message", () => {
    const { status, output } = runPkcs11TestsWithoutSoftHsm("");
    expect(status).toBe(0);
    expect(output).toMatch(/SKIPPING "PKCS#11 backend on SoftHSM2": SoftHSM2 is missing/);
    expect(output).toMatch(/skipped/);
  });
});
