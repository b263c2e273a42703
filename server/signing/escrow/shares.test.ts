// Why the fingerprint check exists: Shamir combination of too few (or mixed) shares does not fail, it returns a
// different secret. The checks must catch that, not the library.
import { randomBytes } from "node:crypto";
import { combine, split } from "shamir-secret-sharing";
import { describe, expect, it } from "vitest";
import { combineChecked, secretFingerprint } from "./shares";

describe("combining shares", () => {
  it("rebuilds the secret from any threshold-sized subset", async () => {
    const secret = randomBytes(138);
    const shares = await split(new Uint8Array(secret), 3, 2);
    for (const pair of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const rebuilt = await combineChecked(
        pair.map((index) => shares[index] as Uint8Array),
        secretFingerprint(secret),
      );
      expect(rebuilt.equals(secret)).toBe(true);
    }
  });

  it("too few shares combine silently into garbage, which the fingerprint refuses", async () => {
    const secret = randomBytes(138);
    const shares = await split(new Uint8Array(secret), 5, 3);
    const garbage = Buffer.from(await combine([shares[0] as Uint8Array, shares[1] as Uint8Array]));
    expect(garbage.equals(secret)).toBe(false);
    await expect(
      combineChecked([shares[0] as Uint8Array, shares[1] as Uint8Array], secretFingerprint(secret)),
    ).rejects.toThrow("the shares do not rebuild the escrowed key (its fingerprint does not match)");
  });

  it("shares of two different splits do not rebuild either secret", async () => {
    const secret = randomBytes(64);
    const [a] = await split(new Uint8Array(secret), 3, 2);
    const [, b] = await split(new Uint8Array(secret), 3, 2);
    await expect(
      combineChecked([a as Uint8Array, b as Uint8Array], secretFingerprint(secret)),
    ).rejects.toThrow(/do not rebuild|cannot be combined/);
  });
});
