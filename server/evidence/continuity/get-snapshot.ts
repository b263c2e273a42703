// One snapshot, or the finished pair a comparison needs; clear refusals for unknown, unfinished and mixed-up ids.
import type { PortalPrisma, PortalTx } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { type ComparisonInput, type SnapshotRef, type SnapshotView, ZComparisonInput } from "./schemas";
import { snapshotSelect, toSnapshotRef, toSnapshotView } from "./snapshot-row";
import { snapshotStatusLabels } from "./vocabulary";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getSnapshot(
  db: PortalPrisma | PortalTx,
  id: string,
  what = "snapshot",
): Promise<SnapshotView> {
  const row = UUID.test(id)
    ? await db.evidenceSnapshot.findUnique({ where: { id }, select: snapshotSelect })
    : null;
  if (!row) throw new DomainError("NOT_FOUND", `No verify-all snapshot with id ${id.slice(0, 40)} (${what})`);
  return toSnapshotView(row);
}

function finished(view: SnapshotView, what: "baseline" | "target"): SnapshotRef {
  const ref = toSnapshotRef(view);
  if (!ref) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `The ${what} “${view.label}” is ${snapshotStatusLabels[view.status].toLowerCase()}, not finished: only finished snapshots can be compared`,
      { field: `${what}Id` },
    );
  }
  return ref;
}

/** The two finished snapshots of a comparison, baseline first. */
export async function getComparisonPair(
  db: PortalPrisma | PortalTx,
  rawInput: ComparisonInput,
): Promise<{ baseline: SnapshotRef; target: SnapshotRef }> {
  const input = ZComparisonInput.parse(rawInput);
  if (input.baselineId === input.targetId) {
    throw new DomainError(
      "BAD_REQUEST",
      "Choose two different snapshots: a snapshot compared with itself says nothing",
      {
        field: "targetId",
      },
    );
  }
  const baseline = finished(await getSnapshot(db, input.baselineId, "baseline"), "baseline");
  const target = finished(await getSnapshot(db, input.targetId, "target"), "target");
  if (target.finishedAt.getTime() < baseline.finishedAt.getTime()) {
    throw new DomainError(
      "BAD_REQUEST",
      `The baseline “${baseline.label}” finished after the target “${target.label}”: the baseline is the earlier snapshot`,
      { field: "baselineId" },
    );
  }
  return { baseline, target };
}
