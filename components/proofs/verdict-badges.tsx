"use client";

import { ShieldAlert, ShieldCheck, TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";

/** The checkpoint signature as the server judged it against the key registry (status, validity, recorded time). */
export function SignatureBadge({
  verified,
  flagged,
  verdict,
}: {
  verified: boolean;
  flagged: boolean;
  verdict: string;
}) {
  if (!verified) {
    return (
      <Badge tone="bad" title={verdict}>
        <ShieldAlert aria-hidden="true" />
        signature fails
      </Badge>
    );
  }
  return flagged ? (
    <Badge tone="warn" title={verdict}>
      <TriangleAlert aria-hidden="true" />
      signed, key flagged
    </Badge>
  ) : (
    <Badge tone="ok" title={verdict}>
      <ShieldCheck aria-hidden="true" />
      signature verified
    </Badge>
  );
}

export function BrowserVerdictBadge({ ok, what }: { ok: boolean; what: string }) {
  return ok ? (
    <Badge tone="ok">
      <ShieldCheck aria-hidden="true" />
      {what} verified in your browser
    </Badge>
  ) : (
    <Badge tone="bad">
      <ShieldAlert aria-hidden="true" />
      {what} does NOT verify
    </Badge>
  );
}
