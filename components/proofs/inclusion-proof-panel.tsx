"use client";

// An audit event's inclusion proof against a signed checkpoint, verified in the browser: the event's canonical
// JSON hashes to its stored hash, that hash is the tree's leaf, and the listed path leads to the root the checkpoint
// signs. The proof comes from O(log n) stored nodes; the file downloads for the offline CLI.
import { skipToken } from "@tanstack/react-query";
import { Download, LoaderCircle } from "lucide-react";
import { useMemo } from "react";
import { formatTimestamp } from "@/components/format/date-time";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { buttonClasses } from "@/components/ui/button";
import { checkAuditInclusion } from "./browser-proofs";
import { HashLine } from "./hash-line";
import { ProofSteps } from "./proof-steps";
import { BrowserVerdictBadge, SignatureBadge } from "./verdict-badges";

export function InclusionProofPanel({ seq, treeSize }: { seq: number | null; treeSize?: number }) {
  const proof = trpc.checkpoints.inclusionProof.useQuery(seq === null ? skipToken : { seq, treeSize }, {
    retry: false,
  });
  const check = useMemo(() => (proof.data ? checkAuditInclusion(proof.data) : null), [proof.data]);

  if (proof.error) {
    return (
      <p
        role="status"
        className="rounded-md border border-border bg-surface-muted px-3 py-2 text-sm text-fg-muted"
      >
        {describeClientError(proof.error).message}
      </p>
    );
  }
  if (!proof.data || !check) {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-fg-muted">
        <LoaderCircle className="size-4 motion-safe:animate-spin" aria-hidden="true" />
        Building the proof…
      </p>
    );
  }
  const { data } = proof;
  const query = new URLSearchParams({ seq: String(data.seq), treeSize: String(data.treeSize) });
  return (
    <div className="flex flex-col gap-4" data-testid="inclusion-proof">
      <div className="flex flex-wrap items-center gap-2">
        <BrowserVerdictBadge ok={check.ok} what="inclusion" />
        <SignatureBadge {...data.checkpoint} />
        <a
          className={buttonClasses("secondary", "sm")}
          href={`/audit/checkpoints/inclusion-proof.json?${query}`}
          download
        >
          <Download aria-hidden="true" />
          Proof file
        </a>
      </div>
      <p className="text-sm text-fg">
        {check.ok ? check.reason : `Not verified: ${check.reason}`}. Checkpoint of {data.treeSize} events
        signed {formatTimestamp(data.checkpoint.signedAt)} by{" "}
        <span className="font-mono text-xs">{data.checkpoint.origin}</span>; the server read {data.rowsRead}{" "}
        stored rows to build this proof.
      </p>
      <HashLine
        label={`Event #${data.seq}: SHA-256 of its canonical JSON, computed here`}
        hash={check.computedEventHash}
        note={
          check.computedEventHash === data.eventHash
            ? "equals the stored event hash"
            : "differs from the stored hash"
        }
      />
      <HashLine label={`Leaf ${data.leafIndex}: SHA-256(0x00 ‖ event hash)`} hash={check.leafHash} />
      <ProofSteps caption="Audit path" hashes={data.hashes} steps={check.outcome?.steps ?? []} />
      {check.signedRoot ? (
        <HashLine
          label="Root signed in the checkpoint"
          hash={check.signedRoot}
          note={check.ok ? "the last step reaches it" : "the path does not reach it"}
        />
      ) : null}
    </div>
  );
}
