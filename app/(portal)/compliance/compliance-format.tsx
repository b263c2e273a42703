// Labels and badge tones of readiness, shared by the compliance pages.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import {
  type ProofState,
  proofStateLabels,
  READINESS_LEVELS,
  type ReadinessLevel,
  type RequirementStatus,
  readinessLevelLabels,
  requirementStatusLabels,
  type SignOffState,
} from "@/server/compliance/schemas";

export const statusTones: Record<RequirementStatus, BadgeTone> = {
  DONE: "ok",
  PARTIAL: "warn",
  TODO: "neutral",
  DEFERRED: "info",
};

export const proofTones: Record<ProofState, BadgeTone> = {
  verified: "ok",
  unsigned: "warn",
  "not-linked": "neutral",
  "missing-bytes": "bad",
  "digest-mismatch": "bad",
  "bad-signature": "bad",
};

export const signOffLabels: Record<SignOffState, { label: string; tone: BadgeTone }> = {
  current: { label: "Current", tone: "ok" },
  superseded: { label: "Superseded", tone: "warn" },
  invalid: { label: "Does not verify", tone: "bad" },
};

export function coverageText(value: number | null): string {
  if (value === null) return "n/a";
  const rounded = Math.round(value * 10) / 10;
  return `${rounded}%`;
}

export function RequirementStatusBadge({ status }: { status: RequirementStatus }) {
  return <Badge tone={statusTones[status]}>{requirementStatusLabels[status]}</Badge>;
}

export function ProofStateBadge({ state }: { state: ProofState }) {
  return <Badge tone={proofTones[state]}>{proofStateLabels[state]}</Badge>;
}

/** Demo / RFP / Audit, each ticked when ready; the item's own target is outlined. */
export function ReadinessBadges({
  readiness,
  target,
}: {
  readiness: Record<ReadinessLevel, boolean>;
  target?: ReadinessLevel;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {READINESS_LEVELS.map((level) => (
        <Badge
          key={level}
          tone={readiness[level] ? "ok" : "neutral"}
          className={level === target ? "ring-1 ring-fg-muted" : undefined}
          title={`${readinessLevelLabels[level]}: ${readiness[level] ? "yes" : "not yet"}${level === target ? " (target)" : ""}`}
        >
          {readiness[level] ? "✓" : "·"} {readinessLevelLabels[level].replace(" Ready", "")}
          <span className="sr-only">{readiness[level] ? " ready" : " not ready"}</span>
        </Badge>
      ))}
    </span>
  );
}

/** The value a coverage bar shows: one decimal like everywhere else (49, not 48.958…), 0 when there is none. */
export function barValue(value: number | null): number {
  return value === null ? 0 : Math.round(value * 10) / 10;
}
