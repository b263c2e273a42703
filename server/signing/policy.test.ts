import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { judgeKeyValidity, type KeyValidity } from "./policy";

const at = (text: string) => new Date(`2026-${text}T00:00:00.000Z`);
const now = at("12-01");
const active: KeyValidity = { status: "active", activatedAt: at("01-01"), retiredAt: null, revokedAt: null };
const retired: KeyValidity = {
  status: "retired",
  activatedAt: at("01-01"),
  retiredAt: at("06-01"),
  revokedAt: null,
};
const revoked: KeyValidity = {
  status: "revoked",
  activatedAt: at("01-01"),
  retiredAt: null,
  revokedAt: at("06-01"),
  revocationReason: "stolen",
};
const record = (date: Date) => ({ at: date, source: "record" as const });
const observed = (date: Date) => ({ at: date, source: "observed" as const });

describe("judgeKeyValidity", () => {
  it("an active key counts with or without a known signing time", () => {
    expect(judgeKeyValidity(active, null, now)).toEqual({ valid: true, flags: [], note: null });
    expect(judgeKeyValidity(active, record(at("03-01")), now).valid).toBe(true);
  });

  it("a record from before activation is outside the window", () => {
    expect(judgeKeyValidity(active, record(new Date("2025-12-31T00:00:00Z")), now)).toMatchObject({
      valid: false,
      status: "outside_validity",
    });
  });

  it("a retired key verifies what it signed while active, up to and including the retirement instant", () => {
    expect(judgeKeyValidity(retired, record(at("03-01")), now)).toMatchObject({
      valid: true,
      flags: ["retired_key"],
    });
    expect(judgeKeyValidity(retired, record(at("06-01")), now)).toMatchObject({ valid: true });
    expect(judgeKeyValidity(retired, record(new Date(at("06-01").getTime() + 1)), now)).toMatchObject({
      valid: false,
      status: "outside_validity",
    });
    expect(judgeKeyValidity(retired, null, now)).toMatchObject({ valid: false, status: "outside_validity" });
    expect(judgeKeyValidity(retired, observed(at("05-01")), now).valid).toBe(true);
    expect(judgeKeyValidity(retired, observed(at("07-01")), now).valid).toBe(false);
  });

  it("a revoked key: earlier signatures are flagged, later ones and unknown times fail, the boundary fails", () => {
    expect(judgeKeyValidity(revoked, record(at("03-01")), now)).toMatchObject({
      valid: true,
      flags: ["signed_before_revocation"],
    });
    expect(judgeKeyValidity(revoked, record(at("06-01")), now)).toMatchObject({
      valid: false,
      status: "revoked_key",
    });
    expect(judgeKeyValidity(revoked, record(at("07-01")), now)).toMatchObject({
      valid: false,
      status: "revoked_key",
      reason: expect.stringMatching(/after the key was revoked .*\(stolen\)/),
    });
    expect(judgeKeyValidity(revoked, null, now)).toMatchObject({ valid: false, status: "revoked_key" });
  });

  it("a retired key revoked later keeps both facts", () => {
    const both: KeyValidity = {
      ...retired,
      status: "revoked",
      revokedAt: at("09-01"),
      revocationReason: "audit",
    };
    expect(judgeKeyValidity(both, record(at("03-01")), now)).toMatchObject({
      valid: true,
      flags: ["signed_before_revocation", "retired_key"],
    });
    expect(judgeKeyValidity(both, record(at("07-01")), now)).toMatchObject({
      valid: false,
      status: "outside_validity",
    });
  });

  it("never accepts a time at or after revocation, nor after retirement (property)", () => {
    const date = fc.date({ min: at("01-01"), max: at("12-31"), noInvalidDate: true });
    fc.assert(
      fc.property(
        date,
        date,
        date,
        fc.boolean(),
        fc.constantFrom("record", "observed"),
        (end, revokedAt, signed, isRevoked, source) => {
          const key: KeyValidity = isRevoked
            ? {
                status: "revoked",
                activatedAt: at("01-01"),
                retiredAt: null,
                revokedAt,
                revocationReason: "r",
              }
            : { status: "retired", activatedAt: at("01-01"), retiredAt: end, revokedAt: null };
          const judgement = judgeKeyValidity(key, { at: signed, source }, now);
          const limitPassed = isRevoked ? signed >= revokedAt : signed > end;
          expect(judgement.valid).toBe(!limitPassed);
        },
      ),
      { numRuns: 500 },
    );
  });
});
