// Audit events of the transparency-log mirror (spread into ZAuditPayload in server/audit/events.ts).
import { z } from "zod";

const ZHex = z.string().regex(/^[0-9a-f]{64}$/);
const ZSource = z.enum(["upload", "sync", "entry"]);

export const mirrorAuditEvents = [
  z.object({
    type: z.literal("transparency.log_added"),
    logId: z.string(),
    name: z.string(),
    origin: z.string(),
    url: z.string().nullable(),
  }),
  z.object({
    type: z.literal("transparency.log_updated"),
    logId: z.string(),
    name: z.string(),
    url: z.string().nullable(),
  }),
  z.object({
    type: z.literal("transparency.key_added"),
    logId: z.string(),
    keyName: z.string(),
    keyHash: z.string(),
    algorithm: z.string(),
  }),
  z.object({
    type: z.literal("transparency.key_removed"),
    logId: z.string(),
    keyName: z.string(),
    keyHash: z.string(),
  }),
  z.object({
    type: z.literal("transparency.checkpoint_imported"),
    logId: z.string(),
    origin: z.string(),
    treeSize: z.number().int(),
    rootHash: ZHex,
    source: ZSource,
    // first: trusted on first use; consistent: proven consistent with the checkpoint of provenAgainstSize
    status: z.enum(["first", "consistent"]),
    provenAgainstSize: z.number().int().nullable(),
  }),
  z.object({
    type: z.literal("transparency.divergence_detected"),
    logId: z.string(),
    alarmId: z.string(),
    origin: z.string(),
    kind: z.enum(["root_mismatch", "inconsistent"]),
    trustedSize: z.number().int(),
    trustedRoot: ZHex,
    conflictingSize: z.number().int(),
    conflictingRoot: ZHex,
    source: ZSource,
  }),
  // a checkpoint or entry the mirror would not take (bad signature, unknown key, proof that does not verify)
  z.object({
    type: z.literal("transparency.import_refused"),
    logId: z.string().nullable(),
    what: z.enum(["checkpoint", "entry"]),
    source: ZSource,
    reason: z.string(),
  }),
  z.object({
    type: z.literal("transparency.entry_imported"),
    logId: z.string(),
    leafIndex: z.number().int(),
    logIndex: z.string().nullable(),
    leafHash: ZHex,
    treeSize: z.number().int(),
  }),
  z.object({
    type: z.literal("transparency.alarm_acknowledged"),
    logId: z.string(),
    alarmId: z.string(),
    note: z.string(),
  }),
] as const;

export const mirrorAuditLabels = {
  "transparency.log_added": "Transparency log added to the mirror",
  "transparency.log_updated": "Transparency log settings changed",
  "transparency.key_added": "Trusted log key added",
  "transparency.key_removed": "Trusted log key removed",
  "transparency.checkpoint_imported": "Log checkpoint imported",
  "transparency.divergence_detected": "Log checkpoints diverge",
  "transparency.import_refused": "Log import refused",
  "transparency.entry_imported": "Log entry verified and imported",
  "transparency.alarm_acknowledged": "Divergence alarm acknowledged",
} as const;
