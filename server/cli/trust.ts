// The keys a verification trusts, from the command line: --key <pem> (a file with one or more PEM public keys,
// such as trusted-keys.pem from /keys) and --trust-root <file> (the JSON trust root from /keys, which carries each
// key's purpose and validity window, or a PEM file). Unreadable key material is a usage problem (exit 2), so a
// typo in a path is never mistaken for "the signature does not verify".
import { createPublicKey } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { keyIdOf } from "../signing/key-id";
import { trustedKeysOf } from "../signing/keys/trust-root-format";
import type { TrustedKey } from "../signing/signature-check";
import { UsageError } from "./args";

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

function readText(file: string, cwd: string, what: string): string {
  try {
    return fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${what} ${file} cannot be read${code === "ENOENT" ? " (no such file)" : ""}`);
  }
}

export function pemKeys(text: string, source: string): TrustedKey[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new UsageError(`${source} holds no PEM public key`);
  return blocks.map((pem) => {
    try {
      return { publicKeyPem: `${pem}\n`, keyId: keyIdOf(createPublicKey(pem)) };
    } catch {
      throw new UsageError(`${source} holds a PEM block that is not a valid public key`);
    }
  });
}

export function loadTrustedKeys(options: {
  keys: readonly string[];
  trustRoot?: string;
  cwd: string;
}): TrustedKey[] {
  const keys = options.keys.flatMap((file) => pemKeys(readText(file, options.cwd, "key file"), file));
  if (options.trustRoot) {
    const text = readText(options.trustRoot, options.cwd, "trust root");
    if (text.trimStart().startsWith("{")) {
      try {
        keys.push(...trustedKeysOf(JSON.parse(text)));
      } catch {
        throw new UsageError(
          `${options.trustRoot} is not a trust root (the JSON from /keys/trust-root.json)`,
        );
      }
    } else {
      keys.push(...pemKeys(text, options.trustRoot));
    }
  }
  return keys;
}
