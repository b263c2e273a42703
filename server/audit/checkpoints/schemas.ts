// Inputs and outputs of the audit checkpoint procedures: plain, JSON-safe views (no database rows).
import { z } from "zod";

const ZTreeSize = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const ZCheckpointListInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  /** keyset cursor: the tree size of the last row of the previous page (newest first) */
  before: ZTreeSize.optional(),
});

export const ZInclusionProofInput = z.object({
  seq: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** the checkpoint to prove against (its tree size); the latest covering the event when omitted */
  treeSize: ZTreeSize.optional(),
});

export const ZConsistencyProofInput = z
  .object({ size1: ZTreeSize, size2: ZTreeSize })
  .refine((input) => input.size1 <= input.size2, {
    message: "the first checkpoint must not be larger than the second",
    path: ["size2"],
  });

export type CheckpointView = {
  id: string;
  treeSize: number;
  rootHash: string;
  origin: string;
  signedNote: string;
  keyId: string;
  signedAt: Date;
  trigger: "scheduled" | "manual";
  requestedByName: string;
  auditSeq: number;
};

/** A checkpoint with the registry's verdict on its signature (key status, validity window, recorded time). */
export type CheckpointWithVerdict = CheckpointView & {
  verified: boolean;
  flagged: boolean;
  verdict: string;
};

export type CheckpointPage = {
  checkpoints: CheckpointWithVerdict[];
  nextCursor: number | null;
  /** events in the log now, and how many of them the latest checkpoint covers */
  logSize: number;
  latestTreeSize: number | null;
};

export type ServerCheck = { ok: boolean; reason: string };

export type InclusionProofView = {
  seq: number;
  leafIndex: number;
  treeSize: number;
  eventHash: string;
  leafHash: string;
  /** the exact bytes the event hash covers */
  canonicalEvent: string;
  /** hex, bottom up (RFC 9162 order) */
  hashes: string[];
  checkpoint: CheckpointWithVerdict;
  /** database rows read to build the proof */
  rowsRead: number;
  serverCheck: ServerCheck;
};

export type ConsistencyProofView = {
  checkpoint1: CheckpointWithVerdict;
  checkpoint2: CheckpointWithVerdict;
  hashes: string[];
  rowsRead: number;
  serverCheck: ServerCheck;
};

export type SignCheckpointResult = { created: boolean; checkpoint: CheckpointView };
