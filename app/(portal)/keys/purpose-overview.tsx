"use client";

import { History, KeyRound, Plus, RefreshCw, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { PurposeSummary } from "@/server/signing/keys/get-purpose-history";
import type { SigningKeyPurpose } from "@/server/signing/vocabulary";
import { backendLabels } from "@/server/signing/vocabulary";
import { KeyIdShort, ValidityWindow } from "./key-badges";

export type PurposeAction = { kind: "history" | "rotate" | "create"; purpose: SigningKeyPurpose };

/** One card per purpose: its active key at a glance, or a warning that it has none (signing is refused). */
export function PurposeOverview({
  purposes,
  canManage,
  onAction,
}: {
  purposes: PurposeSummary[];
  canManage: boolean;
  onAction: (action: PurposeAction) => void;
}) {
  return (
    <section aria-labelledby="purposes-heading" className="mb-8">
      <h2 id="purposes-heading" className="mb-3 text-base font-semibold text-fg">
        Active key per purpose
      </h2>
      <ul className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
        {purposes.map((line) => (
          <li
            key={line.purpose}
            aria-label={`${line.label} keys`}
            className={
              line.active
                ? "flex flex-col gap-2 rounded-lg border border-border bg-surface p-4 shadow-sm"
                : "flex flex-col gap-2 rounded-lg border border-warn-line bg-warn-soft p-4 shadow-sm"
            }
          >
            <div className="min-w-0">
              <h3 className="flex items-center gap-1.5 text-sm font-semibold text-fg">
                <KeyRound className="size-4 text-fg-subtle" aria-hidden="true" />
                {line.label}
              </h3>
              <p className="text-xs text-fg-muted">{line.uses}</p>
            </div>
            {line.active ? (
              <div className="flex flex-col gap-0.5 text-sm">
                <KeyIdShort keyId={line.active.keyId} />
                <span className="text-xs text-fg-muted">
                  {backendLabels[line.active.backend]} ·{" "}
                  <ValidityWindow activatedAt={line.active.activatedAt} retiredAt={null} revokedAt={null} />
                </span>
              </div>
            ) : (
              <p className="flex items-center gap-1.5 text-sm font-medium text-warn-fg">
                <TriangleAlert className="size-4" aria-hidden="true" />
                No active key: {line.label.toLowerCase()} signing is refused until one is created.
              </p>
            )}
            <div className="mt-auto flex flex-wrap items-center gap-2 pt-1">
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Rotation history of the ${line.label} keys`}
                onClick={() => onAction({ kind: "history", purpose: line.purpose })}
              >
                <History aria-hidden="true" />
                History
              </Button>
              {canManage && line.active ? (
                <Button
                  variant="secondary"
                  size="sm"
                  aria-label={`Rotate the ${line.label} key`}
                  onClick={() => onAction({ kind: "rotate", purpose: line.purpose })}
                >
                  <RefreshCw aria-hidden="true" />
                  Rotate
                </Button>
              ) : null}
              {canManage && !line.active ? (
                <Button
                  size="sm"
                  aria-label={`Create a ${line.label} key`}
                  onClick={() => onAction({ kind: "create", purpose: line.purpose })}
                >
                  <Plus aria-hidden="true" />
                  Create key
                </Button>
              ) : null}
              <span className="ml-auto text-xs whitespace-nowrap text-fg-muted">
                {line.retired} retired · {line.revoked} revoked
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
