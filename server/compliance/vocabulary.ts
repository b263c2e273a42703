// The words of readiness tracking, shared by the parser, the services, the exports and the UI.
import type { Role } from "../authz/permissions";

export const REQUIREMENT_STATUSES = ["DONE", "PARTIAL", "TODO", "DEFERRED"] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

export const requirementStatusLabels: Record<RequirementStatus, string> = {
  DONE: "Done",
  PARTIAL: "Partial",
  TODO: "To do",
  DEFERRED: "Deferred",
};

/** Readiness levels in the order a program reaches them. */
export const READINESS_LEVELS = ["DEMO", "RFP", "AUDIT"] as const;
export type ReadinessLevel = (typeof READINESS_LEVELS)[number];

export const readinessLevelLabels: Record<ReadinessLevel, string> = {
  DEMO: "Demo Ready",
  RFP: "RFP Ready",
  AUDIT: "Audit Ready",
};

export function isRequirementStatus(value: string): value is RequirementStatus {
  return (REQUIREMENT_STATUSES as readonly string[]).includes(value);
}

export function isReadinessLevel(value: string): value is ReadinessLevel {
  return (READINESS_LEVELS as readonly string[]).includes(value);
}

/** "Demo Ready", "demo", "RFP-ready" -> DEMO / RFP; null when the words name no level. */
export function readinessLevelFromText(text: string): ReadinessLevel | null {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]*ready$/, "");
  if (word === "demo") return "DEMO";
  if (word === "rfp") return "RFP";
  if (word === "audit") return "AUDIT";
  return null;
}

/** Which portal role signs for a stakeholder role named in a tracker, when the tracker does not say. */
export function defaultPortalRoleFor(stakeholderRole: string): Role | null {
  if (/engineer/i.test(stakeholderRole)) return "RELEASE_ENGINEER";
  if (/security/i.test(stakeholderRole)) return "SECURITY_OFFICER";
  return null;
}

export const PROOF_STATES = [
  "verified",
  "unsigned",
  "not-linked",
  "missing-bytes",
  "digest-mismatch",
  "bad-signature",
] as const;
export type ProofState = (typeof PROOF_STATES)[number];

export const proofStateLabels: Record<ProofState, string> = {
  verified: "Verified",
  unsigned: "Digest matches, not signed",
  "not-linked": "No evidence linked",
  "missing-bytes": "Evidence bytes missing",
  "digest-mismatch": "Digest mismatch",
  "bad-signature": "Signature does not verify",
};
