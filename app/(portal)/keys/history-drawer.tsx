"use client";

import { CircleAlert, CircleCheck, Flag } from "lucide-react";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Drawer } from "@/components/ui/drawer";
import type { KeyContinuity, PurposeHistoryEntry } from "@/server/signing/keys/get-purpose-history";
import { backendLabels, type SigningKeyPurpose, signingKeyPurposeLabels } from "@/server/signing/vocabulary";
import { KeyIdShort, KeyStatusBadge, ValidityWindow } from "./key-badges";
import { formatDateTime } from "./keys-format";

function continuityText(key: PurposeHistoryEntry, continuity: KeyContinuity): string {
  if (continuity.checked === 0) return "Has signed nothing yet.";
  const all = continuity.verified === continuity.checked;
  const what = `${continuity.verified} of its ${continuity.checked} latest signatures`;
  if (key.status === "retired" && all)
    return `Retired, and still verifies ${what} (made while it was active).`;
  if (key.status === "revoked") {
    return `Revoked: ${what} still verify (made before the revocation, flagged); ${continuity.failed} fail.`;
  }
  return all ? `Verifies ${what}.` : `Only ${what} verify.`;
}

function ContinuityLine({ entry }: { entry: PurposeHistoryEntry }) {
  const { continuity } = entry;
  const tone =
    continuity.failed > 0
      ? "text-bad-fg"
      : continuity.flagged > 0 && entry.status === "revoked"
        ? "text-warn-fg"
        : "text-ok-fg";
  const Icon = continuity.failed > 0 ? CircleAlert : entry.status === "revoked" ? Flag : CircleCheck;
  return (
    <p className={`flex items-start gap-1.5 text-sm font-medium ${tone}`}>
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      {continuityText(entry, continuity)}
    </p>
  );
}

export function HistoryDrawer({
  purpose,
  returnTo,
  onClose,
  onOpenKey,
}: {
  purpose: SigningKeyPurpose | null;
  returnTo: string;
  onClose: () => void;
  onOpenKey: (keyId: string) => void;
}) {
  const history = trpc.keys.history.useQuery(
    { purpose: purpose ?? "release" },
    { enabled: purpose !== null },
  );
  const error = history.error ? describeClientError(history.error) : null;
  const keys = history.data?.keys ?? [];
  return (
    <Drawer
      open={purpose !== null}
      onClose={onClose}
      size="lg"
      title={purpose ? `Rotation history: ${signingKeyPurposeLabels[purpose]} keys` : "Rotation history"}
      description="Oldest first. Each key's latest signatures are verified again now, against the registry as it is now."
    >
      {error ? <RequestError error={error} returnTo={returnTo} /> : null}
      {history.isLoading ? <p className="text-sm text-fg-muted">Verifying…</p> : null}
      {history.data && keys.length === 0 ? (
        <p className="text-sm text-fg-muted">This purpose has never had a key.</p>
      ) : null}
      <ol className="flex flex-col gap-3" aria-label="Keys of this purpose, oldest first">
        {keys.map((entry, index) => (
          <li
            key={entry.id}
            aria-label={`Key ${entry.label}`}
            className="rounded-lg border border-border p-4"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-xs font-semibold text-fg-subtle">#{index + 1}</span>
                <button
                  type="button"
                  className="text-sm font-semibold text-accent underline-offset-2 hover:underline"
                  onClick={() => onOpenKey(entry.keyId)}
                >
                  {entry.label}
                </button>
                <KeyStatusBadge status={entry.status} />
              </div>
              <KeyIdShort keyId={entry.keyId} />
            </div>
            <p className="mt-1 text-xs text-fg-muted">
              {backendLabels[entry.backend]} · <ValidityWindow {...entry} revokedAt={null} />
              {entry.rotationReason ? ` · rotated in: ${entry.rotationReason}` : ""}
              {entry.revokedAt
                ? ` · revoked ${formatDateTime(entry.revokedAt)}: ${entry.revocationReason ?? ""}`
                : ""}
            </p>
            <div className="mt-2">
              <ContinuityLine entry={entry} />
            </div>
            {entry.continuity.samples.length > 0 ? (
              <details className="mt-2 text-xs">
                <summary className="cursor-pointer text-fg-muted">What was verified</summary>
                <ul className="mt-2 flex flex-col gap-1.5">
                  {entry.continuity.samples.map((sample) => (
                    <li key={`${sample.signedAt.toISOString()}-${sample.reason}`} className="flex flex-col">
                      <span>
                        <time dateTime={sample.signedAt.toISOString()}>
                          {formatDateTime(sample.signedAt)}
                        </time>{" "}
                        · <span className="font-mono">{sample.predicateType ?? sample.payloadType}</span> ·
                        for {sample.requesterName}
                      </span>
                      <span className={sample.ok ? "text-fg-muted" : "text-bad-fg"}>
                        {sample.ok ? sample.reason : `fails (${sample.status}): ${sample.reason}`}
                      </span>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
    </Drawer>
  );
}
