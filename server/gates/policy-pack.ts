// A policy pack: a versioned JSON document listing, per environment, the gates a release must pass to be promoted
// there. Stored and signed as a whole by the portal; this schema is what `validatePack` checks first.
import { z } from "zod";
import { ENVIRONMENTS } from "../releases/vocabulary";
import { SIGNING_KEY_PURPOSES } from "../signing/vocabulary";
import { SEVERITIES } from "./findings";

export const GATE_MODES = ["enforce", "warn"] as const;
export type GateMode = (typeof GATE_MODES)[number];

const gateBase = {
  /** unique within its environment; reasons and errors name it */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lowercase letters, digits and dashes"),
  /** enforce: a failing gate blocks the promotion; warn: it is shown, nothing is blocked */
  mode: z.enum(GATE_MODES).default("enforce"),
  description: z.string().max(500).optional(),
};

export const ZSignatureGate = z.strictObject({
  ...gateBase,
  kind: z.literal("signature"),
  /** each purpose needs at least one verified signature by a key of that purpose */
  requirePurposes: z.array(z.enum(SIGNING_KEY_PURPOSES)).default([]),
  /** each key id must have a verified signature */
  requireKeyIds: z.array(z.string().min(1)).default([]),
});

export const ZSbomGate = z.strictObject({
  ...gateBase,
  kind: z.literal("sbom"),
  /** require: an artifact digest missing from the SBOM fails the gate; warn: it only warns; ignore: not checked */
  coverage: z.enum(["require", "warn", "ignore"]).default("require"),
});

const ZCount = z.number().int().min(0);

export const ZVulnerabilityGate = z.strictObject({
  ...gateBase,
  kind: z.literal("vulnerabilities"),
  /** findings scored above this fail the gate */
  maxCvss: z.number().min(0).max(10).optional(),
  /** findings of a severity above this fail the gate (unknown is governed by unknownBudget) */
  maxSeverity: z.enum(["critical", "high", "medium", "low", "none"]).optional(),
  /** at most this many findings of each severity */
  maxCount: z.partialRecord(z.enum(SEVERITIES), ZCount).default({}),
  /** at most this many findings whose severity nobody knows */
  unknownBudget: ZCount.optional(),
  /** without a scan report the gate fails (true) or passes with nothing to count (false) */
  requireReport: z.boolean().default(true),
});

export const ZFreshnessGate = z.strictObject({
  ...gateBase,
  kind: z.literal("freshness"),
  /** the newest scan report must be younger than this many days */
  maxAgeDays: z.number().positive().max(3650),
});

export const ZCustomGate = z.strictObject({
  ...gateBase,
  kind: z.literal("custom"),
  /** a CEL expression over the gate input document (see cel-input.ts), true = pass */
  expression: z.string().min(1).max(4000),
  /** what the expression demands, in plain words, shown when it is false */
  requirement: z.string().min(1).max(300),
});

export const ZGate = z.discriminatedUnion("kind", [
  ZSignatureGate,
  ZSbomGate,
  ZVulnerabilityGate,
  ZFreshnessGate,
  ZCustomGate,
]);
export type Gate = z.infer<typeof ZGate>;
export type GateKind = Gate["kind"];

export const ZPolicyPack = z.strictObject({
  schemaVersion: z.literal(1),
  name: z.string().min(1).max(100),
  /** the pack's own version, bumped on every edit */
  version: z.number().int().min(1),
  description: z.string().max(2000).optional(),
  environments: z.partialRecord(z.enum(ENVIRONMENTS), z.array(ZGate)),
});
export type PolicyPack = z.infer<typeof ZPolicyPack>;
export type PolicyPackInput = z.input<typeof ZPolicyPack>;
