"use client";

import { Download } from "lucide-react";
import type { ReactNode } from "react";
import { formatTimestamp } from "@/components/format/date-time";
import { HashLine } from "@/components/proofs/hash-line";
import { SignatureBadge } from "@/components/proofs/verdict-badges";
import { buttonClasses } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import type { CheckpointWithVerdict } from "@/server/audit/checkpoints/schemas";

/** One checkpoint as signed: the note itself (what any tlog tool reads), its facts, and the verdict. */
export function CheckpointDrawer({
  checkpoint,
  onClose,
}: {
  checkpoint: CheckpointWithVerdict | null;
  onClose: () => void;
}) {
  return (
    <Drawer
      open={checkpoint !== null}
      onClose={onClose}
      size="lg"
      title={checkpoint ? `Checkpoint of ${checkpoint.treeSize.toLocaleString("en-US")} events` : ""}
      description="A c2sp.org/tlog-checkpoint signed note: origin, tree size, base64 root, time; signed with the audit-checkpoint key."
      footer={
        checkpoint ? (
          <a
            className={buttonClasses("secondary", "sm")}
            href={`/audit/checkpoints/checkpoint.txt?treeSize=${checkpoint.treeSize}`}
            download
          >
            <Download aria-hidden="true" />
            Checkpoint file
          </a>
        ) : null
      }
    >
      {checkpoint ? (
        <div className="flex flex-col gap-5">
          <div className="flex flex-wrap items-center gap-2">
            <SignatureBadge {...checkpoint} />
            <span className="text-sm text-fg-muted">{checkpoint.verdict}</span>
          </div>
          <dl className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
            <Fact label="Origin">
              <code className="text-xs">{checkpoint.origin}</code>
            </Fact>
            <Fact label="Events covered">#1 – #{checkpoint.treeSize}</Fact>
            <Fact label="Signed">
              {formatTimestamp(checkpoint.signedAt)} (
              {checkpoint.trigger === "scheduled"
                ? "scheduled"
                : `asked for by ${checkpoint.requestedByName}`}
              )
            </Fact>
            <Fact label="Signer key">
              <code className="text-hash break-all">{checkpoint.keyId}</code>
            </Fact>
            <Fact label="Its audit event">#{checkpoint.auditSeq}</Fact>
          </dl>
          <HashLine label="Root hash (hex)" hash={checkpoint.rootHash} />
          <section aria-labelledby="checkpoint-note" className="flex flex-col gap-2">
            <h3 id="checkpoint-note" className="text-sm font-semibold text-fg">
              Signed note
            </h3>
            <pre className="overflow-auto rounded-md border border-border bg-surface-muted p-3 text-hash whitespace-pre-wrap break-all text-fg">
              {checkpoint.signedNote}
            </pre>
            <p className="text-xs text-fg-muted">
              Verify offline:{" "}
              <code>
                npx tsx server/cli/main.ts checkpoint audit-checkpoint-{checkpoint.treeSize}.txt --key
                audit-checkpoint.pem --origin {checkpoint.origin}
              </code>
            </p>
          </section>
        </div>
      ) : null}
    </Drawer>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-fg-muted">{label}</dt>
      <dd className="min-w-0 text-fg">{children}</dd>
    </>
  );
}
