import { Badge, type BadgeTone } from "@/components/ui/badge";
import { type CeremonyStatus, ceremonyStatusLabels } from "@/server/signing/ceremonies/vocabulary";

const tones: Record<CeremonyStatus, BadgeTone> = {
  pending: "info",
  executed: "ok",
  rejected: "bad",
  expired: "neutral",
  failed: "bad",
};

export function CeremonyStatusBadge({ status }: { status: CeremonyStatus }) {
  return <Badge tone={tones[status]}>{ceremonyStatusLabels[status]}</Badge>;
}

/** "1 of 2 approvals" with a bar, readable without colour. */
export function CeremonyProgress({ approvals, required }: { approvals: number; required: number }) {
  const percent = Math.min(100, Math.round((approvals / required) * 100));
  return (
    <span className="flex min-w-32 flex-col gap-1">
      <span className="text-xs tabular-nums">
        {approvals} of {required} approval{required === 1 ? "" : "s"}
      </span>
      <span aria-hidden="true" className="h-1.5 w-full overflow-hidden rounded-full bg-surface-muted">
        <span className="block h-full rounded-full bg-ok-fg" style={{ width: `${percent}%` }} />
      </span>
    </span>
  );
}
