import { createHash, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf, toSpkiPem } from "./key-id";

describe("key ids", () => {
  it("are sha256: + hex of the SPKI DER, the same from PEM or KeyObject", () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const der = publicKey.export({ type: "spki", format: "der" });
    const expected = `sha256:${createHash("sha256").update(der).digest("hex")}`;
    expect(keyIdOf(publicKey)).toBe(expected);
    expect(keyIdOf(toSpkiPem(publicKey))).toBe(expected);
    expect(expected).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
