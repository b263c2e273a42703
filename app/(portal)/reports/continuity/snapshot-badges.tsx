import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { SnapshotView } from "@/server/evidence/continuity/schemas";
import {
  type ContinuityStatus,
  continuityStatusLabels,
  type SnapshotStatus,
  snapshotStatusLabels,
  type Verdict,
} from "@/server/evidence/continuity/vocabulary";

const snapshotTones: Record<SnapshotStatus, BadgeTone> = {
  QUEUED: "neutral",
  RUNNING: "info",
  FINISHED: "ok",
  FAILED: "bad",
};

export function SnapshotStatusBadge({ snapshot }: { snapshot: SnapshotView }) {
  const problems = snapshot.counts.changed + snapshot.counts.missing + snapshot.counts.badSignature;
  if (snapshot.status === "FINISHED" && problems > 0) {
    return <Badge tone="warn">Finished, {problems} not ok</Badge>;
  }
  return <Badge tone={snapshotTones[snapshot.status]}>{snapshotStatusLabels[snapshot.status]}</Badge>;
}

export const continuityTones: Record<ContinuityStatus, BadgeTone> = {
  UNCHANGED: "ok",
  CHANGED: "bad",
  MISSING: "warn",
  ADDED: "info",
};

export function ContinuityStatusBadge({ status }: { status: ContinuityStatus }) {
  return <Badge tone={continuityTones[status]}>{continuityStatusLabels[status]}</Badge>;
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <Badge tone={verdict === "CONTINUOUS" ? "ok" : "bad"}>{verdict}</Badge>;
}

/** "1,234 items · 56.7 MiB" */
export function snapshotSize(snapshot: Pick<SnapshotView, "processedItems" | "processedBytes">): string {
  const mib = snapshot.processedBytes / 1024 / 1024;
  const size = mib >= 1 ? `${mib.toFixed(1)} MiB` : `${Math.ceil(snapshot.processedBytes / 1024)} KiB`;
  return `${snapshot.processedItems.toLocaleString("en")} items · ${size}`;
}
