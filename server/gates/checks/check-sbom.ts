// SBOM gate: an SBOM is attached, parses as CycloneDX or SPDX, and lists the SHA-256 of every artifact.
import type { z } from "zod";
import type { EvaluationContext } from "../evaluation-context";
import { describeProblems } from "../parse-result";
import type { ZSbomGate } from "../policy-pack";
import { fail, type GateCheck, listed, pass, plural, warn } from "./gate-check";

export function checkSbom(gate: z.infer<typeof ZSbomGate>, context: EvaluationContext): GateCheck {
  const { sbom } = context;
  if (sbom.state === "missing") return fail("no SBOM attached to the release");
  if (sbom.state === "invalid") return fail(`the SBOM does not parse: ${describeProblems(sbom.problems)}`);
  const { summary, missingDigests } = sbom;
  const described = `${summary.format} ${summary.specVersion} SBOM with ${plural(summary.components, "component")}`;
  if (gate.coverage === "ignore" || missingDigests.length === 0) {
    const artifacts = context.inputs.artifacts.length;
    return pass(
      gate.coverage === "ignore" ? described : `${described}, covering all ${plural(artifacts, "artifact")}`,
    );
  }
  const reason = `the SBOM does not cover ${plural(missingDigests.length, "artifact digest")}: ${listed(missingDigests)}`;
  return gate.coverage === "warn" ? warn(described, reason) : fail(reason);
}
