// SoftHSM2 for tests: missing SoftHSM fails the PKCS#11 tests in CI (.ci/run installs it) and skips them, loudly,
// elsewhere. The token directory itself is made by softhsm-dir.ts.
import { describe, it } from "vitest";
import { softHsmMissing } from "./softhsm-dir";

export { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from "./softhsm-dir";

const inCi = () => ["1", "true", "yes"].includes((process.env.CI ?? "").toLowerCase());

/**
 * describe() when SoftHSM2 is installed. Without it: in CI a failing test (the PKCS#11 tests must run there),
 * elsewhere a skip with a warning that says how to install it.
 */
export function describeWithSoftHsm(name: string, body: () => void): void {
  const missing = softHsmMissing();
  if (!missing) {
    describe(name, body);
    return;
  }
  const hint = "install it with: sudo apt-get install -y softhsm2 opensc";
  if (inCi()) {
    describe(name, () => {
      it("needs SoftHSM2, which CI must install", () => {
        throw new Error(`SoftHSM2 is missing in CI (${missing}); .ci/run should have installed it (${hint})`);
      });
    });
    return;
  }
  console.warn(
    `\n${"!".repeat(100)}\n!! SKIPPING "${name}": SoftHSM2 is missing (${missing}).\n` +
      `!! These PKCS#11 tests run for real in CI; ${hint}\n${"!".repeat(100)}\n`,
  );
  describe.skip(name, body);
}
