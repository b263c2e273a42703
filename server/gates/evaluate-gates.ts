// Evaluates a policy pack's gates for one environment over a release's inputs at a given time. Pure and
// deterministic: no clock (the time is passed in), no network, the same inputs in any order give the same bytes.

import type { Environment } from "../releases/vocabulary";
import { celDocument } from "./cel-document";
import { checkCustom } from "./checks/check-custom";
import { checkFreshness } from "./checks/check-freshness";
import { checkSbom } from "./checks/check-sbom";
import { checkSignature } from "./checks/check-signature";
import { checkVulnerabilities, removedByVex } from "./checks/check-vulnerabilities";
import type { GateCheck } from "./checks/gate-check";
import { listed } from "./checks/gate-check";
import { buildContext, type EvaluationContext } from "./evaluation-context";
import { type GateInputsInput, ZGateInputs } from "./gate-inputs";
import { digestInputs, type InputDigests } from "./input-digests";
import { type ParseResult, parsed, problemsFromZod, refused } from "./parse-result";
import type { Gate, GateKind, GateMode } from "./policy-pack";
import { validatePack } from "./validate-pack";
import type { IgnoredVex, VexedFinding } from "./vex-apply";

export type Verdict = "pass" | "fail" | "warn";

export type GateResult = { id: string; kind: GateKind; mode: GateMode; verdict: Verdict; reasons: string[] };

export type GateEvaluation = {
  pack: { name: string; version: number; digest: string };
  environment: Environment;
  evaluatedAt: string;
  verdict: Verdict;
  /** one line: "BLOCKED - CVE-2024-12345 (CVSS 9.8) exceeds threshold (max CVSS 7.0)" */
  summary: string;
  gates: GateResult[];
  findings: VexedFinding[];
  ignoredVex: IgnoredVex[];
  inputDigests: InputDigests;
};

function runGate(gate: Gate, context: EvaluationContext): GateCheck {
  switch (gate.kind) {
    case "signature":
      return checkSignature(gate, context.inputs);
    case "sbom":
      return checkSbom(gate, context);
    case "vulnerabilities":
      return checkVulnerabilities(gate, context);
    case "freshness":
      return checkFreshness(gate, context);
    case "custom":
      return checkCustom(gate, celDocument(context));
  }
}

function summarize(environment: string, gates: GateResult[], findings: VexedFinding[]): string {
  const failed = gates.find((gate) => gate.verdict === "fail");
  if (failed) return `BLOCKED - ${failed.reasons[0] ?? `gate ${failed.id} failed`}`;
  const warned = gates.find((gate) => gate.verdict === "warn");
  if (warned) return `PASSED WITH WARNINGS - ${warned.reasons[0] ?? `gate ${warned.id} warned`}`;
  const removed = removedByVex(findings);
  if (removed.length > 0) return `PASSED - VEX exception applied: ${listed(removed, 3)}`;
  if (gates.length === 0) return `PASSED - no gates configured for ${environment}`;
  return `PASSED - all ${gates.length} gates passed`;
}

export function evaluateGates(
  pack: unknown,
  environment: Environment,
  inputs: GateInputsInput,
  now: Date,
): ParseResult<GateEvaluation> {
  if (Number.isNaN(now.getTime())) return refused("now", "must be a valid time");
  const validPack = validatePack(pack);
  if (!validPack.ok) return validPack;
  const validInputs = ZGateInputs.safeParse(inputs);
  if (!validInputs.success) return { ok: false, problems: problemsFromZod(validInputs.error, ["inputs"]) };
  let inputDigests: InputDigests;
  try {
    inputDigests = digestInputs(typeof pack === "string" ? JSON.parse(pack) : pack, validInputs.data);
  } catch (error) {
    return refused(
      "inputs",
      `must be plain JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const context = buildContext({ environment, now, inputs: validInputs.data });
  const gates = (validPack.value.environments[environment] ?? []).map((gate): GateResult => {
    const check = runGate(gate, context);
    // a warn-mode gate never blocks: its failure is shown as a warning
    const verdict = check.outcome === "fail" && gate.mode === "warn" ? "warn" : check.outcome;
    return { id: gate.id, kind: gate.kind, mode: gate.mode, verdict, reasons: check.reasons };
  });
  const verdict: Verdict = gates.some((g) => g.verdict === "fail")
    ? "fail"
    : gates.some((g) => g.verdict === "warn")
      ? "warn"
      : "pass";
  return parsed({
    pack: { name: validPack.value.name, version: validPack.value.version, digest: inputDigests.pack },
    environment,
    evaluatedAt: now.toISOString(),
    verdict,
    summary: summarize(environment, gates, context.findings),
    gates,
    findings: context.findings,
    ignoredVex: context.ignoredVex,
    inputDigests,
  });
}
