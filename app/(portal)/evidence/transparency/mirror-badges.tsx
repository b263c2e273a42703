"use client";

import { ShieldAlert, ShieldCheck, ShieldQuestion } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { MirrorCheckpointView } from "@/server/evidence/transparency/schemas";

const statusText: Record<MirrorCheckpointView["status"], string> = {
  first: "first (trusted on first use)",
  consistent: "proven consistent",
  diverged: "diverged",
};

export function CheckpointStatusBadge({ status }: { status: MirrorCheckpointView["status"] }) {
  if (status === "diverged") {
    return (
      <Badge tone="bad">
        <ShieldAlert aria-hidden="true" />
        {statusText[status]}
      </Badge>
    );
  }
  return (
    <Badge tone={status === "consistent" ? "ok" : "info"}>
      {status === "consistent" ? <ShieldCheck aria-hidden="true" /> : <ShieldQuestion aria-hidden="true" />}
      {statusText[status]}
    </Badge>
  );
}

export const sourceText: Record<MirrorCheckpointView["source"], string> = {
  upload: "uploaded",
  sync: "synced",
  entry: "came with an entry",
};
