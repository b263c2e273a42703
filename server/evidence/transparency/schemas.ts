// Inputs and outputs of the transparency-log mirror: zod at the edge, plain JSON-safe views out.
import { z } from "zod";

const ZId = z.string().uuid("not a valid id");
const ZUrl = z
  .string()
  .trim()
  .url("must be a URL such as https://rekor.sigstore.dev")
  .refine((url) => /^https?:\/\//.test(url), "must be an http(s) URL")
  .max(500);

/** A trusted key: a verifier key "name+hash+base64", or a PEM public key with the name its signatures carry. */
export const ZLogKeyFields = z.object({
  key: z.string().trim().min(1, "paste a verifier key or a PEM public key").max(10_000),
  keyName: z
    .string()
    .trim()
    .max(200)
    .regex(/^[^\s+]*$/, "a key name has no spaces and no '+'")
    .optional(),
});

export const ZAddLogInput = z
  .object({
    name: z.string().trim().min(1, "give the log a name").max(100),
    origin: z
      .string()
      .trim()
      .min(1, "the origin is the first line of the log's checkpoints")
      .max(200)
      .refine((origin) => !origin.includes("\n"), "one line"),
    url: ZUrl.optional(),
  })
  .extend(ZLogKeyFields.partial().shape);

export const ZUpdateLogInput = z.object({
  logId: ZId,
  name: z.string().trim().min(1).max(100),
  url: ZUrl.nullable(),
});

export const ZAddLogKeyInput = ZLogKeyFields.extend({ logId: ZId });
export const ZRemoveLogKeyInput = z.object({ keyId: ZId });

const MAX_NOTE = 64 * 1024;
export const ZImportCheckpointInput = z.object({
  logId: ZId,
  checkpoint: z
    .string()
    .min(1, "paste or upload the signed checkpoint")
    .max(MAX_NOTE, "a checkpoint is at most 64 KiB"),
  /** the consistency proof between the held latest and this checkpoint: JSON {hashes: [...]} or one hash per line */
  consistencyProof: z.string().max(MAX_NOTE).optional(),
});

export const ZEntryInput = z.object({
  logId: ZId,
  entry: z
    .string()
    .min(1, "paste or upload the entry")
    .max(4 * 1024 * 1024, "an entry file is at most 4 MiB"),
});

export const ZSyncLogInput = z.object({ logId: ZId });
export const ZSyncEntryInput = z.object({ logId: ZId, logIndex: z.coerce.number().int().nonnegative() });
export const ZGetLogInput = z.object({ logId: ZId });
export const ZAcknowledgeAlarmInput = z.object({
  alarmId: ZId,
  note: z.string().trim().min(5, "say what was found or done (at least 5 characters)").max(2000),
});

export type LogKeyView = {
  id: string;
  keyName: string;
  keyHash: string;
  algorithm: string;
  vkey: string;
  addedAt: Date;
  addedByName: string;
  removedAt: Date | null;
  removedByName: string | null;
};

export type MirrorCheckpointView = {
  id: string;
  logId: string;
  treeSize: number;
  rootHash: string;
  signedNote: string;
  stateTime: Date | null;
  keyName: string;
  keyHash: string;
  source: "upload" | "sync" | "entry";
  status: "first" | "consistent" | "diverged";
  provenAgainstId: string | null;
  importedAt: Date;
  importedByName: string;
};

export type AlarmView = {
  id: string;
  logId: string;
  logName: string;
  origin: string;
  kind: "root_mismatch" | "inconsistent";
  detail: string;
  trusted: { id: string; treeSize: number; rootHash: string };
  conflicting: { id: string; treeSize: number; rootHash: string };
  detectedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedByName: string | null;
  acknowledgement: string | null;
};

export type MirrorEntryView = {
  id: string;
  leafIndex: number;
  logIndex: string | null;
  leafHash: string;
  kind: string | null;
  treeSize: number;
  proof: string[];
  checkpointId: string;
  verifiedAt: Date;
  importedByName: string;
};

export type LogSummary = {
  id: string;
  name: string;
  origin: string;
  url: string | null;
  keys: LogKeyView[];
  latest: MirrorCheckpointView | null;
  checkpointCount: number;
  entryCount: number;
  openAlarms: number;
  lastSyncAt: Date | null;
  lastSyncError: string | null;
};

export type LogDetail = LogSummary & {
  checkpoints: MirrorCheckpointView[];
  entries: MirrorEntryView[];
  alarms: AlarmView[];
};

export type CheckpointImportOutcome = "first" | "consistent" | "duplicate" | "diverged";

export type CheckpointImport = {
  outcome: CheckpointImportOutcome;
  checkpoint: MirrorCheckpointView;
  alarm: AlarmView | null;
  message: string;
};

export type EntryImport = { outcome: "imported" | "duplicate"; entry: MirrorEntryView; message: string };
