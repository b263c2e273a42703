// The words of verify-all and continuity reports, with the labels people read.

export const SNAPSHOT_STATUSES = ["QUEUED", "RUNNING", "FINISHED", "FAILED"] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];

export const snapshotStatusLabels: Record<SnapshotStatus, string> = {
  QUEUED: "Queued",
  RUNNING: "Running",
  FINISHED: "Finished",
  FAILED: "Failed",
};

/** What one verify-all run found for one piece of evidence. */
export const ITEM_STATUSES = ["OK", "CHANGED", "MISSING", "BAD_SIGNATURE"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const itemStatusLabels: Record<ItemStatus, string> = {
  OK: "OK",
  CHANGED: "Changed",
  MISSING: "Missing",
  BAD_SIGNATURE: "Bad signature",
};

/** How one piece of evidence fared between a baseline snapshot and a target snapshot. */
export const CONTINUITY_STATUSES = ["UNCHANGED", "CHANGED", "MISSING", "ADDED"] as const;
export type ContinuityStatus = (typeof CONTINUITY_STATUSES)[number];

export const continuityStatusLabels: Record<ContinuityStatus, string> = {
  UNCHANGED: "Unchanged",
  CHANGED: "Changed",
  MISSING: "Missing",
  ADDED: "Added",
};

export const VERDICTS = ["CONTINUOUS", "BROKEN"] as const;
export type Verdict = (typeof VERDICTS)[number];
