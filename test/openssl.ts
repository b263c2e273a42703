// openssl as an independent verifier: what an auditor runs by hand. `openssl dgst -sha256 -verify` accepts only
// DER ECDSA signatures over the data it hashes itself, so passing here means standard tools accept our output.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function opensslVerify(input: { publicKeyPem: string; data: Uint8Array; signature: Uint8Array }): {
  ok: boolean;
  output: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-openssl-"));
  try {
    const file = (name: string, content: string | Uint8Array) => {
      const target = path.join(dir, name);
      fs.writeFileSync(target, content);
      return target;
    };
    const result = spawnSync(
      "openssl",
      [
        "dgst",
        "-sha256",
        "-verify",
        file("public.pem", input.publicKeyPem),
        "-signature",
        file("signature.der", input.signature),
        file("data.bin", input.data),
      ],
      { encoding: "utf8" },
    );
    if (result.error) throw result.error;
    const output = `${result.stdout}${result.stderr}`.trim();
    return { ok: result.status === 0 && /Verified OK/.test(output), output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
