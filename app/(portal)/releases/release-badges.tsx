"use client";

import { Ban, CircleAlert, CircleCheck, CircleHelp, FileQuestion, Hourglass } from "lucide-react";
import { shortHash } from "@/components/format/date-time";
import { PipelineLanes } from "@/components/status/pipeline-lanes";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { ReleaseStageView } from "@/server/releases/schemas";
import { type VerificationStatus, verificationStatusLabels } from "@/server/releases/vocabulary";
import type { BundleFileStatus } from "@/server/signing/bundle/report";

export function VerificationBadge({
  status,
  flagged = false,
  short = false,
}: {
  status: VerificationStatus;
  flagged?: boolean;
  /** "Failed" instead of "Verification failed", under a column that says "Verification" already */
  short?: boolean;
}) {
  if (status === "FAILED") {
    return (
      <Badge tone="bad">
        <Ban aria-hidden="true" />
        {short ? "Failed" : verificationStatusLabels.FAILED}
      </Badge>
    );
  }
  return (
    <Badge tone={flagged ? "warn" : "ok"}>
      {flagged ? <CircleAlert aria-hidden="true" /> : <CircleCheck aria-hidden="true" />}
      {flagged ? "Verified, flagged" : verificationStatusLabels.VERIFIED}
    </Badge>
  );
}

export function WaitingForYouBadge() {
  return (
    <Badge tone="warn">
      <Hourglass aria-hidden="true" />
      Waiting for you
    </Badge>
  );
}

const fileTone: Record<BundleFileStatus, BadgeTone> = {
  ok: "ok",
  mismatch: "bad",
  missing: "bad",
  unlisted: "warn",
};
const fileLabel: Record<BundleFileStatus, string> = {
  ok: "OK",
  mismatch: "Mismatch",
  missing: "Missing",
  unlisted: "Unlisted",
};

export function FileStatusBadge({ status }: { status: BundleFileStatus }) {
  const Icon = status === "ok" ? CircleCheck : status === "unlisted" ? FileQuestion : Ban;
  return (
    <Badge tone={fileTone[status]}>
      <Icon aria-hidden="true" />
      {fileLabel[status]}
    </Badge>
  );
}

export function SignatureStatusBadge({ status, ok }: { status: string; ok: boolean }) {
  const label = status.replace(/_/g, " ");
  return (
    <Badge tone={ok ? "ok" : status === "missing" ? "warn" : "bad"}>
      {ok ? (
        <CircleCheck aria-hidden="true" />
      ) : status === "missing" ? (
        <CircleHelp aria-hidden="true" />
      ) : (
        <Ban aria-hidden="true" />
      )}
      {ok ? "Valid" : label.charAt(0).toUpperCase() + label.slice(1)}
    </Badge>
  );
}

/** A digest short enough to read, with the whole value one click away. */
export function Digest({ value, label }: { value: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      <code className="font-mono text-xs text-fg" title={value}>
        {shortHash(value)}
      </code>
      <CopyButton value={value} label={`Copy ${label}`} />
    </span>
  );
}

/** The DEV -> STAGING -> PROD lane of a release, with what each stage waits for. */
export function ReleaseLane({
  stages,
  compact = false,
  label,
}: {
  stages: readonly ReleaseStageView[];
  compact?: boolean;
  label: string;
}) {
  return (
    <PipelineLanes
      label={label}
      density={compact ? "compact" : "default"}
      stages={stages.map((stage) => ({
        name: stage.environment,
        state: stage.state,
        detail: stage.reason ?? undefined,
      }))}
    />
  );
}
