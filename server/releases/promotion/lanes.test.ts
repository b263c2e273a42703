// The words of the lanes, case by case: done, waiting on whom or on what, blocked and why, not yet.
import { describe, expect, it } from "vitest";
import { type LaneFacts, laneOf } from "./lanes";
import type { ApprovalTally } from "./policy";

const at = new Date("2026-12-01T10:00:00.000Z");
const tally = (missing: ApprovalTally["missing"]): ApprovalTally => ({
  requirements: [],
  complete: missing.length === 0,
  missing,
  voided: [],
});
const facts = (overrides: Partial<LaneFacts> = {}): LaneFacts => ({
  environment: "STAGING",
  rule: { requiredApprovals: [{ role: "RELEASE_ENGINEER", count: 1 }] },
  promotion: null,
  previous: { environment: "DEV", promoted: true },
  verification: { ok: true, reason: "3 files verified" },
  open: null,
  lastClosed: null,
  stillNeeded: null,
  ...overrides,
});
const open = (overrides: Partial<NonNullable<LaneFacts["open"]>> = {}): LaneFacts["open"] => ({
  void: false,
  tally: tally([{ role: "RELEASE_ENGINEER", count: 1 }]),
  gates: null,
  expiresAt: at,
  ...overrides,
});

describe("laneOf", () => {
  it("is done once promoted, whatever else is true", () => {
    expect(
      laneOf(
        facts({
          promotion: { promotedAt: at, promotedByName: "Ray" },
          verification: { ok: false, reason: "x" },
        }),
      ),
    ).toEqual({ state: "done", detail: { text: "promoted by Ray", at } });
  });

  it("is blocked when the release does not verify, or the open request is void", () => {
    expect(laneOf(facts({ verification: { ok: false, reason: "revoked" } })).state).toBe("blocked");
    // only where the release stands: later environments are simply not reached yet
    expect(
      laneOf(
        facts({
          verification: { ok: false, reason: "revoked" },
          previous: { environment: "DEV", promoted: false },
        }),
      ),
    ).toEqual({ state: "pending", detail: { text: "after DEV", at: null } });
    expect(laneOf(facts({ open: open({ void: true }) }))).toEqual({
      state: "blocked",
      detail: { text: "request void: the release changed", at: null },
    });
  });

  it("waits on whom, or on what once approved", () => {
    expect(laneOf(facts({ open: open(), stillNeeded: "1 release engineer" })).detail.text).toBe(
      "waits for 1 release engineer",
    );
    const until = new Date(at.getTime() + 3_600_000);
    const held = (gate: "soak" | "freeze" | "order") =>
      laneOf(
        facts({
          open: open({
            tally: tally([]),
            gates: { ok: false, code: "PRECONDITION_FAILED", message: "", gate, until },
          }),
        }),
      );
    expect(held("soak")).toEqual({
      state: "waiting",
      detail: { text: "approved; soaking until", at: until },
    });
    expect(held("freeze").detail.text).toBe("approved; frozen until");
    expect(laneOf(facts({ open: open({ tally: tally([]) }) })).detail.text).toBe(
      "approved; ready to promote",
    );
  });

  it("is pending before the previous environment, after a rejection or an expiry, or when ready", () => {
    expect(laneOf(facts({ previous: { environment: "DEV", promoted: false } })).detail.text).toBe(
      "after DEV",
    );
    expect(laneOf(facts({ lastClosed: { status: "REJECTED", by: "Sam" } }))).toEqual({
      state: "blocked",
      detail: { text: "rejected by Sam; request again", at: null },
    });
    expect(laneOf(facts({ lastClosed: { status: "EXPIRED", by: null } })).detail.text).toBe(
      "last request expired; request again",
    );
    expect(laneOf(facts()).detail.text).toBe("ready to request");
    expect(laneOf(facts({ rule: { requiredApprovals: [] }, previous: null })).detail.text).toBe(
      "ready: promotes on request",
    );
  });
});
