"use client";

import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** One labelled hash, in full (hashes are compared, so they are never cut), with a copy button. */
export function HashLine({ label, hash, note }: { label: ReactNode; hash: string; note?: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <span className="text-xs text-fg-muted">{label}</span>
      <span className="flex items-center gap-1">
        <code className="min-w-0 text-hash break-all text-fg">{hash}</code>
        <CopyButton value={hash} label="Copy hash" />
      </span>
      {note ? <span className="text-xs text-fg-muted">{note}</span> : null}
    </div>
  );
}
