"use client";

// Two signed checkpoints of the audit log and the consistency proof between them, verified in the browser: the
// earlier tree's root is rebuilt from the proof, and so is the later one, so the later log can only have grown.
import { Download, LoaderCircle } from "lucide-react";
import { useMemo } from "react";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { buttonClasses } from "@/components/ui/button";
import { checkConsistency } from "./browser-proofs";
import { HashLine } from "./hash-line";
import { ProofSteps } from "./proof-steps";
import { BrowserVerdictBadge, SignatureBadge } from "./verdict-badges";

export function ConsistencyProofPanel({ size1, size2 }: { size1: number; size2: number }) {
  const proof = trpc.checkpoints.consistencyProof.useQuery({ size1, size2 }, { retry: false });
  const check = useMemo(() => (proof.data ? checkConsistency(proof.data) : null), [proof.data]);
  if (proof.error) {
    return (
      <p role="alert" className="text-sm text-bad-fg">
        {describeClientError(proof.error).message}
      </p>
    );
  }
  if (!proof.data || !check) {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-fg-muted">
        <LoaderCircle className="size-4 motion-safe:animate-spin" aria-hidden="true" />
        Building the consistency proof…
      </p>
    );
  }
  const { data } = proof;
  return (
    <div className="flex flex-col gap-4" data-testid="consistency-proof">
      <div className="flex flex-wrap items-center gap-2">
        <BrowserVerdictBadge ok={check.ok} what="consistency" />
        <SignatureBadge {...data.checkpoint1} />
        <SignatureBadge {...data.checkpoint2} />
        <a
          className={buttonClasses("secondary", "sm")}
          href={`/audit/checkpoints/consistency-proof.json?size1=${size1}&size2=${size2}`}
          download
        >
          <Download aria-hidden="true" />
          Proof file
        </a>
      </div>
      <p className="text-sm text-fg">
        {check.ok ? `${check.reason}: nothing was removed or rewritten` : `Not verified: ${check.reason}`}.
        The server read {data.rowsRead} stored rows to build this proof.
      </p>
      {check.roots.first ? (
        <HashLine label={`Root of the first ${size1} events (signed)`} hash={check.roots.first} />
      ) : null}
      <ProofSteps caption="Consistency proof" hashes={data.hashes} steps={check.outcome?.steps ?? []} />
      {check.roots.second ? (
        <HashLine
          label={`Root of the ${size2} events (signed)`}
          hash={check.roots.second}
          note={check.ok ? "rebuilt from the first root and the proof" : "not reached by the proof"}
        />
      ) : null}
    </div>
  );
}
