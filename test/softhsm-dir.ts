// A SoftHSM2 token directory of a test file's (or a benchmark's) own. SoftHSM reads SOFTHSM2_CONF when the module
// is initialised, and the module is initialised once per process, so a process makes one directory, initialises
// all its tokens in it first, and only then opens them. No vitest here: the benchmarks use it too.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const SOFTHSM_MODULE = process.env.SOFTHSM2_MODULE || "/usr/lib/softhsm/libsofthsm2.so";

export function softHsmMissing(): string | undefined {
  if (!fs.existsSync(SOFTHSM_MODULE)) return `no PKCS#11 module at ${SOFTHSM_MODULE}`;
  const util = spawnSync("softhsm2-util", ["--version"], { encoding: "utf8" });
  if (util.error || util.status !== 0) return "softhsm2-util is not on PATH";
  return undefined;
}

export type SoftHsm = {
  modulePath: string;
  dir: string;
  initToken(token: { label: string; pin: string; soPin?: string }): void;
  cleanup(): void;
};

/** A SoftHSM token directory of this test file's own; points SOFTHSM2_CONF at it for this process. */
export function createSoftHsm(): SoftHsm {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-softhsm-"));
  const tokens = path.join(dir, "tokens");
  fs.mkdirSync(tokens);
  const conf = path.join(dir, "softhsm2.conf");
  fs.writeFileSync(
    conf,
    [
      `directories.tokendir = ${tokens}`,
      "objectstore.backend = file",
      "log.level = ERROR",
      "slots.removable = false",
      "",
    ].join("\n"),
  );
  const previous = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = conf;
  return {
    modulePath: SOFTHSM_MODULE,
    dir,
    initToken({ label, pin, soPin = "so-pin-1234" }) {
      const result = spawnSync(
        "softhsm2-util",
        ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", soPin],
        { encoding: "utf8", env: { ...process.env, SOFTHSM2_CONF: conf } },
      );
      if (result.status !== 0) {
        throw new Error(
          `softhsm2-util --init-token failed: ${result.stderr || result.stdout || result.error}`,
        );
      }
    },
    cleanup() {
      if (previous === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = previous;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
