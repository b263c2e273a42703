// Freshness gate: the newest scan report must be younger than maxAgeDays at the evaluation time passed in.
import type { z } from "zod";
import type { EvaluationContext } from "../evaluation-context";
import type { ZFreshnessGate } from "../policy-pack";
import { fail, type GateCheck, pass } from "./gate-check";

const DAY_MS = 86_400_000;

function days(ms: number): string {
  return `${Math.floor((ms / DAY_MS) * 10) / 10} days`;
}

export function checkFreshness(gate: z.infer<typeof ZFreshnessGate>, context: EvaluationContext): GateCheck {
  const { scan, now } = context;
  if (scan.reports === 0) return fail("no scan report attached to the release");
  if (scan.newestScanAt === null) return fail("no scan report says when it ran");
  const age = now.getTime() - Date.parse(scan.newestScanAt);
  if (age < 0) return fail(`the scan report is dated in the future (${scan.newestScanAt})`);
  if (age >= gate.maxAgeDays * DAY_MS) {
    return fail(
      `the newest scan report is ${days(age)} old (${scan.newestScanAt}), limit ${gate.maxAgeDays} days`,
    );
  }
  return pass(
    `the newest scan report is ${days(age)} old (${scan.newestScanAt}), limit ${gate.maxAgeDays} days`,
  );
}
