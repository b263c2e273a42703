import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyContinuity, continuityVerdict, type Observation } from "./policy";
import { ITEM_STATUSES } from "./vocabulary";

const A = "a".repeat(64);
const B = "b".repeat(64);
const ok = (sha256: string): Observation => ({
  status: "OK",
  actualSha256: sha256,
  reason: "Digest matches the record",
});
const missing: Observation = {
  status: "MISSING",
  actualSha256: null,
  reason: "The bytes are not in the blob store",
};

describe("classifyContinuity", () => {
  it.each([
    ["unchanged", ok(A), ok(A), "UNCHANGED", "Same digest"],
    ["changed", ok(A), ok(B), "CHANGED", "Digest was aaaaaaaaaaaa…, is now bbbbbbbbbbbb…"],
    ["added", null, ok(A), "ADDED", "New since the baseline"],
    ["record gone", ok(A), null, "MISSING", "The evidence record is not in the target snapshot"],
    ["blob gone", ok(A), missing, "MISSING", "Unreadable in the target: The bytes are not in the blob store"],
    ["restored", missing, ok(A), "CHANGED", "Missing in the baseline, readable in the target"],
    [
      "still gone",
      missing,
      missing,
      "MISSING",
      "Unreadable in the target: The bytes are not in the blob store",
    ],
    [
      "added, unreadable",
      null,
      missing,
      "ADDED",
      "New since the baseline; The bytes are not in the blob store",
    ],
  ] as const)("%s", (_name, baseline, target, status, reason) => {
    expect(classifyContinuity(baseline, target)).toEqual({ status, reason });
  });

  it("keeps the target's own finding in the reason of an unchanged digest", () => {
    const bad: Observation = {
      status: "BAD_SIGNATURE",
      actualSha256: A,
      reason: "DSSE envelope: key revoked",
    };
    expect(classifyContinuity(ok(A), bad)).toEqual({
      status: "UNCHANGED",
      reason: "Same digest; in the target: DSSE envelope: key revoked",
    });
  });

  it("refuses to classify nothing", () => {
    expect(() => classifyContinuity(null, null)).toThrow();
  });

  it("says UNCHANGED exactly when both sides read the same digest", () => {
    const observation = fc.option(
      fc.record({
        status: fc.constantFrom(...ITEM_STATUSES),
        actualSha256: fc.option(fc.constantFrom(A, B), { nil: null }),
        reason: fc.string(),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(observation, observation, (baseline, target) => {
        fc.pre(baseline !== null || target !== null);
        const { status } = classifyContinuity(baseline, target);
        const same = baseline?.actualSha256 != null && baseline.actualSha256 === target?.actualSha256;
        expect(status === "UNCHANGED").toBe(same);
        if (!baseline) expect(status).toBe("ADDED");
      }),
    );
  });
});

const zero = { UNCHANGED: 0, CHANGED: 0, MISSING: 0, ADDED: 0 };
const clean = { changed: 0, badSignature: 0, addedMissing: 0 };
const proven = { verified: true, reason: "" };

describe("continuityVerdict", () => {
  it("is CONTINUOUS when nothing changed or went missing, everything verifies and the log only grew", () => {
    expect(
      continuityVerdict({ counts: { ...zero, UNCHANGED: 5, ADDED: 2 }, target: clean, audit: proven }),
    ).toEqual({
      verdict: "CONTINUOUS",
      reasons: [],
    });
  });

  it("names every reason it is BROKEN, in plain words", () => {
    expect(
      continuityVerdict({
        counts: { UNCHANGED: 1, CHANGED: 2, MISSING: 1, ADDED: 1 },
        target: { changed: 1, badSignature: 3, addedMissing: 1 },
        audit: { verified: false, reason: "the proof does not lead to the first root" },
      }),
    ).toEqual({
      verdict: "BROKEN",
      reasons: [
        "2 pieces of evidence have a different digest than in the baseline",
        "1 piece of evidence from the baseline is missing or unreadable in the target",
        "In the target, 1 blob does not hash to the digest on its record",
        "In the target, 3 signatures do not verify against the key registry",
        "1 piece of evidence added since the baseline has no readable bytes",
        "The audit log's consistency proof failed: the proof does not lead to the first root",
      ],
    });
  });

  it("is BROKEN whenever any count of trouble is above zero", () => {
    fc.assert(
      fc.property(
        fc.nat(3),
        fc.nat(3),
        fc.nat(3),
        fc.nat(3),
        fc.nat(3),
        fc.boolean(),
        (changed, missing, targetChanged, badSignature, addedMissing, verified) => {
          const { verdict, reasons } = continuityVerdict({
            counts: { ...zero, CHANGED: changed, MISSING: missing },
            target: { changed: targetChanged, badSignature, addedMissing },
            audit: { verified, reason: "x" },
          });
          const trouble = changed + missing + targetChanged + badSignature + addedMissing > 0 || !verified;
          expect(verdict).toBe(trouble ? "BROKEN" : "CONTINUOUS");
          expect(reasons.length > 0).toBe(trouble);
        },
      ),
    );
  });
});
