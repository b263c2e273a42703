"use client";

// The stored verification report as people read it: the verdict, each signature (which key, what status, why) and
// each file (listed digest, digest of what arrived), problems first so a failure is seen without scrolling.
import { useState } from "react";
import { formatDateTime, shortHash } from "@/components/format/date-time";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { BundleFileCheck, ReleaseBundleReport } from "@/server/signing/bundle/report";
import { FileStatusBadge, SignatureStatusBadge, VerificationBadge } from "../release-badges";

const FILES_SHOWN = 200;
const shortKeyId = (keyId: string) => `${keyId.slice(0, keyId.indexOf(":") + 13)}…`;
const head = "px-4 py-2 text-left text-xs font-semibold tracking-wide text-fg-muted uppercase";
const cell = "px-4 py-2 align-top";

function DigestCell({ value, other }: { value: string | null; other?: string | null }) {
  if (!value) return <span className="text-fg-subtle">—</span>;
  const differs = other !== undefined && other !== null && other !== value;
  return (
    <code
      title={value}
      className={cn("font-mono text-xs", differs ? "font-semibold text-bad-fg" : "text-fg")}
    >
      {shortHash(value)}
    </code>
  );
}

function fileReason(file: BundleFileCheck): string {
  switch (file.status) {
    case "ok":
      return `matches ${file.listedIn.join(" and ")}`;
    case "mismatch":
      return `its bytes do not match the SHA-256 in ${file.listedIn.join(" and ")}: the file changed after signing`;
    case "missing":
      return `listed in ${file.listedIn.join(" and ")}, but not in the release`;
    case "unlisted":
      return "in the release, but in no signed list";
  }
}

export function VerificationReport({ report }: { report: ReleaseBundleReport }) {
  const [allFiles, setAllFiles] = useState(false);
  // failures first: a tampered file among thousands must not hide on page 40
  const files = [...report.files].sort((a, b) => Number(a.status === "ok") - Number(b.status === "ok"));
  const shown = allFiles ? files : files.slice(0, FILES_SHOWN);
  return (
    <Card aria-labelledby="release-verification">
      <CardHeader>
        <div className="flex flex-col gap-1">
          <CardTitle id="release-verification">Verification report</CardTitle>
          <p className="text-sm text-fg-muted">
            Checked <time dateTime={report.verifiedAt}>{formatDateTime(new Date(report.verifiedAt))}</time>{" "}
            against the {report.purpose} keys of the registry
          </p>
        </div>
        <VerificationBadge status={report.ok ? "VERIFIED" : "FAILED"} flagged={report.flagged} />
      </CardHeader>
      <CardBody className="flex flex-col gap-4">
        <p
          role={report.ok ? undefined : "alert"}
          className={cn(
            "rounded-md border px-3 py-2 text-sm",
            report.ok ? "border-ok-line bg-ok-soft text-ok-fg" : "border-bad-line bg-bad-soft text-bad-fg",
          )}
        >
          {report.summary}
        </p>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-fg-muted">SHA256SUMS</dt>
          <dd>
            {report.checksums.present
              ? `${report.checksums.entries} entries, ${report.checksums.trusted ? "trusted (signed)" : "not trusted"}`
              : "absent"}
          </dd>
          <dt className="text-fg-muted">manifest.dsse</dt>
          <dd>
            {report.manifest.present
              ? `${report.manifest.subjects} subjects, ${report.manifest.verified ? "verified" : "does not verify"}`
              : "absent"}
          </dd>
          <dt className="text-fg-muted">Files</dt>
          <dd>
            {report.counts.ok} ok · {report.counts.mismatch} mismatch · {report.counts.missing} missing ·{" "}
            {report.counts.unlisted} unlisted
          </dd>
        </dl>
        {report.problems.length > 0 ? (
          <ul className="list-disc pl-5 text-sm text-bad-fg">
            {report.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : null}
      </CardBody>

      <h3
        className="border-t border-border px-5 pt-4 pb-2 text-sm font-semibold text-fg"
        id="release-signatures"
      >
        Signatures
      </h3>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" aria-labelledby="release-signatures">
          <thead className="border-y border-border bg-surface-muted">
            <tr>
              <th className={head}>Source</th>
              <th className={head}>Key id</th>
              <th className={head}>Status</th>
              <th className={head}>Reason</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {report.signatures.length === 0 ? (
              <tr>
                <td colSpan={4} className={cn(cell, "text-fg-muted")}>
                  No signature was checked.
                </td>
              </tr>
            ) : (
              report.signatures.map((signature) => (
                <tr key={`${signature.source}-${signature.index}`}>
                  <td className={cn(cell, "whitespace-nowrap font-mono text-xs")}>{signature.source}</td>
                  <td className={cell}>
                    {signature.keyId ? (
                      <code className="font-mono text-xs" title={signature.keyId}>
                        {shortKeyId(signature.keyId)}
                      </code>
                    ) : (
                      <span className="text-fg-subtle">—</span>
                    )}
                  </td>
                  <td className={cell}>
                    <SignatureStatusBadge status={signature.status} ok={signature.ok} />
                    {signature.flags.length > 0 ? (
                      <p className="mt-1 text-xs text-warn-fg">
                        {signature.flags.join(", ").replace(/_/g, " ")}
                      </p>
                    ) : null}
                  </td>
                  <td className={cn(cell, "[overflow-wrap:anywhere]")}>{signature.reason}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <h3 className="border-t border-border px-5 pt-4 pb-2 text-sm font-semibold text-fg" id="release-files">
        Files
      </h3>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" aria-labelledby="release-files">
          <thead className="border-y border-border bg-surface-muted">
            <tr>
              <th className={head}>File</th>
              <th className={head}>Status</th>
              <th className={head}>Listed SHA-256</th>
              <th className={head}>Actual SHA-256</th>
              <th className={cn(head, "text-right")}>Size</th>
              <th className={head}>Why</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {shown.map((file) => (
              <tr key={file.name} data-status={file.status}>
                <th
                  scope="row"
                  className={cn(
                    cell,
                    "min-w-48 font-mono text-xs font-normal text-left [overflow-wrap:anywhere]",
                  )}
                >
                  {file.name}
                </th>
                <td className={cell}>
                  <FileStatusBadge status={file.status} />
                </td>
                <td className={cell}>
                  <DigestCell value={file.expectedSha256} />
                </td>
                <td className={cell}>
                  <DigestCell value={file.actualSha256} other={file.expectedSha256} />
                </td>
                <td className={cn(cell, "text-right tabular-nums whitespace-nowrap")}>
                  {file.size === null ? "—" : file.size.toLocaleString()}
                </td>
                <td className={cn(cell, file.status === "ok" ? "text-fg-muted" : "text-bad-fg")}>
                  {fileReason(file)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {files.length > FILES_SHOWN ? (
        <div className="border-t border-border px-5 py-3">
          <Button variant="ghost" onClick={() => setAllFiles((value) => !value)}>
            {allFiles ? `Show the first ${FILES_SHOWN} files` : `Show all ${files.length} files`}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
