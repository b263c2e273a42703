"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Download, FileSignature, ShieldAlert, ShieldCheck } from "lucide-react";
import { formatDateTime, shortHash } from "@/components/format/date-time";
import { StatusBars } from "@/components/status/status-bars";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import {
  CONTINUITY_STATUSES,
  type ContinuityStatus,
  continuityStatusLabels,
} from "@/server/evidence/continuity/vocabulary";
import type { AppRouter } from "@/server/trpc/root";

export type Comparison = inferRouterOutputs<AppRouter>["continuity"]["compare"];

const barTones = { UNCHANGED: "ok", CHANGED: "bad", MISSING: "warn", ADDED: "info" } as const;

function Hash({ value, label }: { value: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      <span className="text-hash break-all">{value}</span>
      <CopyButton value={value} label={`Copy ${label}`} />
    </span>
  );
}

export function VerdictPanel({ comparison }: { comparison: Comparison }) {
  const continuous = comparison.verdict === "CONTINUOUS";
  const Icon = continuous ? ShieldCheck : ShieldAlert;
  return (
    <div
      role="status"
      className={cn(
        "flex items-start gap-3 rounded-lg border px-4 py-3",
        continuous ? "border-ok-line bg-ok-soft text-ok-fg" : "border-bad-line bg-bad-soft text-bad-fg",
      )}
    >
      <Icon
        className={cn("size-6 shrink-0", continuous ? "text-ok-solid" : "text-bad-solid")}
        aria-hidden="true"
      />
      <div className="min-w-0">
        <p className="text-lg font-semibold">{comparison.verdict}</p>
        {continuous ? (
          <p className="text-sm">
            Every piece of evidence of “{comparison.baseline.label}” is in “{comparison.target.label}” with
            the same digest, everything in the target verifies, and the audit log only grew.
          </p>
        ) : (
          <ul className="list-disc pl-5 text-sm">
            {comparison.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function CountsChart({
  comparison,
  selected,
  onSelect,
}: {
  comparison: Comparison;
  selected: ContinuityStatus | "";
  onSelect: (status: ContinuityStatus | "") => void;
}) {
  return (
    <StatusBars
      caption="Evidence by continuity status"
      bars={CONTINUITY_STATUSES.map((status) => ({
        key: status,
        label: continuityStatusLabels[status],
        count: comparison.counts[status],
        tone: barTones[status],
      }))}
      selected={selected || null}
      onSelect={(key) => onSelect(key === selected ? "" : (key as ContinuityStatus))}
    />
  );
}

export function CrossReference({ comparison }: { comparison: Comparison }) {
  const { baseline, target, audit } = comparison;
  const reproduced = comparison.baselineRootInTarget === baseline.evidenceRoot;
  const row = "grid grid-cols-[13rem_1fr] gap-3 border-b border-border py-2 last:border-b-0";
  return (
    <dl className="text-sm">
      <div className={row}>
        <dt className="text-fg-muted">Old evidence root</dt>
        <dd>
          <Hash value={baseline.evidenceRoot} label="old evidence root" />
          <span className="block text-xs text-fg-muted">
            {baseline.evidenceLeaves} leaves · “{baseline.label}” · portal {baseline.appVersion}
          </span>
        </dd>
      </div>
      <div className={row}>
        <dt className="text-fg-muted">New evidence root</dt>
        <dd>
          <Hash value={target.evidenceRoot} label="new evidence root" />
          <span className="block text-xs text-fg-muted">
            {target.evidenceLeaves} leaves · “{target.label}” · portal {target.appVersion}
          </span>
        </dd>
      </div>
      <div className={row}>
        <dt className="text-fg-muted">Old root from the target</dt>
        <dd>
          <Hash value={comparison.baselineRootInTarget} label="old root recomputed from the target" />
          <span className={cn("block text-xs font-medium", reproduced ? "text-ok-fg" : "text-bad-fg")}>
            {reproduced
              ? "Reproduces the old root: every baseline digest is unchanged."
              : "Differs from the old root: some baseline evidence changed or is missing."}
          </span>
        </dd>
      </div>
      <div className={row}>
        <dt className="text-fg-muted">Audit log</dt>
        <dd>
          <span className={cn("font-medium", audit.verified ? "text-ok-fg" : "text-bad-fg")}>
            Consistency proof {audit.verified ? "verified" : "failed"}
          </span>{" "}
          ({baseline.auditTreeSize} → {target.auditTreeSize} events, {audit.proof.length} proof hashes):{" "}
          {audit.reason}
        </dd>
      </div>
      <div className={row}>
        <dt className="text-fg-muted">Signed checkpoints</dt>
        <dd className="flex flex-col">
          {(["baseline", "target"] as const).map((side) => {
            const signed = audit.checkpoints[side];
            return (
              <span key={side}>
                {side === "baseline" ? "Baseline" : "Target"}:{" "}
                {signed ? (
                  <>
                    signed by{" "}
                    <span className="text-hash">{shortHash(signed.keyId.replace(/^sha256:/, ""))}</span>
                  </>
                ) : (
                  "not signed (no audit-checkpoint key then)"
                )}
              </span>
            );
          })}
        </dd>
      </div>
    </dl>
  );
}

export function ReportDownloads({
  comparison,
  canVerify,
  signing,
  onSign,
}: {
  comparison: Comparison;
  canVerify: boolean;
  signing: boolean;
  onSign: () => void;
}) {
  const report = comparison.report;
  if (!report) {
    return canVerify ? (
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          className={buttonClasses("primary")}
          aria-disabled={signing}
          onClick={() => {
            if (!signing) onSign();
          }}
        >
          <FileSignature aria-hidden="true" />
          {signing ? "Signing…" : "Sign the report"}
        </button>
        <p className="text-sm text-fg-muted">
          Signs this comparison with the attestation key, once; then it downloads as HTML, CSV and signed
          JSON.
        </p>
      </div>
    ) : (
      <p className="text-sm text-fg-muted">
        No signed report of this pair yet: an auditor or security officer signs it.
      </p>
    );
  }
  const href = (format: string) => `/reports/continuity/download/${report.id}/${format}`;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-fg-muted">
        Signed {formatDateTime(report.createdAt)} for {report.createdByName} by key{" "}
        <span className="text-hash">{report.keyId}</span>; the JSON's SHA-256 is{" "}
        <span className="text-hash">{report.documentSha256}</span>.
      </p>
      <div className="flex flex-wrap gap-2">
        {[
          ["html", "HTML (printable)"],
          ["csv", "CSV"],
          ["json", "Signed JSON"],
          ["dsse", "DSSE envelope"],
        ].map(([format, label]) => (
          <a key={format} href={href(format as string)} download className={buttonClasses("secondary", "sm")}>
            <Download aria-hidden="true" />
            {label}
          </a>
        ))}
      </div>
    </div>
  );
}
