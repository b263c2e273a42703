"use client";

import { CircleAlert, CircleCheck, CircleHelp } from "lucide-react";
import { shortHash } from "@/components/format/date-time";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { type BlobState, type EvidenceKind, evidenceKindLabels } from "@/server/evidence/vocabulary";

const kindTones: Record<EvidenceKind, BadgeTone> = {
  SBOM: "info",
  ATTESTATION: "ok",
  SCAN_REPORT: "warn",
  RELEASE_BUNDLE: "neutral",
  AUDIT_EXPORT: "neutral",
  OTHER: "neutral",
};

export function KindBadge({ kind }: { kind: EvidenceKind }) {
  return <Badge tone={kindTones[kind]}>{evidenceKindLabels[kind]}</Badge>;
}

/** A digest short enough for a table, the whole of it one click away. */
export function DigestShort({ digest, label }: { digest: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      <code className="font-mono text-xs text-fg" title={digest}>
        {shortHash(digest)}
      </code>
      <CopyButton value={digest} label={`Copy ${label}`} />
    </span>
  );
}

const blobStates: Record<BlobState, { tone: BadgeTone; label: string; icon: typeof CircleCheck }> = {
  ok: { tone: "ok", label: "Bytes match", icon: CircleCheck },
  mismatch: { tone: "bad", label: "Digest mismatch", icon: CircleAlert },
  missing: { tone: "bad", label: "Bytes missing", icon: CircleHelp },
};

export function BlobStateBadge({ state }: { state: BlobState }) {
  const { tone, label, icon: Icon } = blobStates[state];
  return (
    <Badge tone={tone}>
      <Icon aria-hidden="true" />
      {label}
    </Badge>
  );
}
