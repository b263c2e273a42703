"use client";

// The audit path as a list a person can follow: each proof hash, on which side it joins what was computed so far,
// and the node that results; the last result must be the signed root.
import { ArrowDown } from "lucide-react";
import type { ProofStep } from "@/server/lib/merkle-verify";
import { bytesToHex } from "./browser-proofs";
import { HashLine } from "./hash-line";

export function ProofSteps({
  hashes,
  steps,
  caption,
}: {
  hashes: readonly string[];
  steps: readonly ProofStep[];
  caption: string;
}) {
  if (hashes.length === 0)
    return <p className="text-sm text-fg-muted">No path hashes: the tree is this one node.</p>;
  return (
    <ol aria-label={caption} className="flex flex-col gap-3">
      {hashes.map((hash, index) => {
        const step = steps.find((candidate) => candidate.proofIndex === index);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the proof's order is its meaning; equal hashes may repeat
          <li key={index} className="rounded-md border border-border bg-surface-muted px-3 py-2">
            <HashLine
              label={`Path hash ${index + 1}${step ? `, joined on the ${step.side}` : ": where the walk starts"}`}
              hash={hash}
            />
            {step ? (
              <div className="mt-1.5 flex items-start gap-2">
                <ArrowDown className="mt-4 size-4 shrink-0 text-fg-subtle" aria-hidden="true" />
                <HashLine
                  label={
                    step.side === "left"
                      ? "SHA-256(0x01 ‖ path hash ‖ so far)"
                      : "SHA-256(0x01 ‖ so far ‖ path hash)"
                  }
                  hash={bytesToHex(step.result)}
                />
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
