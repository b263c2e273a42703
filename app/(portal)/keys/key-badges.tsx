"use client";

import { Ban, CircleCheck, History } from "lucide-react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { SigningKeyStatus } from "@/server/signing/vocabulary";
import { formatDateTime, shortKeyId } from "./keys-format";

const statusTone: Record<SigningKeyStatus, BadgeTone> = { active: "ok", retired: "neutral", revoked: "bad" };
const statusLabel: Record<SigningKeyStatus, string> = {
  active: "Active",
  retired: "Retired",
  revoked: "Revoked",
};

export function KeyStatusBadge({ status }: { status: SigningKeyStatus }) {
  return (
    <Badge tone={statusTone[status]}>
      {status === "active" ? (
        <CircleCheck aria-hidden="true" />
      ) : status === "retired" ? (
        <History aria-hidden="true" />
      ) : (
        <Ban aria-hidden="true" />
      )}
      {statusLabel[status]}
    </Badge>
  );
}

export function KeyIdShort({ keyId }: { keyId: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      <code className="font-mono text-xs text-fg" title={keyId}>
        {shortKeyId(keyId)}
      </code>
      <CopyButton value={keyId} label={`Copy key id ${shortKeyId(keyId)}`} />
    </span>
  );
}

/** "since 1 Mar 2026" for an active key; "1 Mar 2026 – 1 Jun 2026" once its window closed. */
export function ValidityWindow({
  activatedAt,
  retiredAt,
  revokedAt,
  stacked = false,
}: {
  activatedAt: Date;
  retiredAt: Date | null;
  revokedAt: Date | null;
  /** start and end on two lines, so a closed window stays narrow in a table column */
  stacked?: boolean;
}) {
  const end = retiredAt ?? revokedAt;
  if (!end) {
    return (
      <span className="whitespace-nowrap">
        since <time dateTime={activatedAt.toISOString()}>{formatDateTime(activatedAt)}</time>
      </span>
    );
  }
  return (
    <span className={stacked ? "inline-flex flex-col whitespace-nowrap" : "whitespace-nowrap"}>
      <time dateTime={activatedAt.toISOString()}>{formatDateTime(activatedAt)} –</time>{" "}
      <time dateTime={end.toISOString()}>{formatDateTime(end)}</time>
    </span>
  );
}
