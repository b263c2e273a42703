// The report as one self-contained, printable HTML file: inline CSS, no scripts, no external assets, so it opens
// the same on an air-gapped laptop and prints as it shows. Every value from the document is escaped. It is a
// rendering of the signed JSON document (whose digest and signing key it shows), not a second source of truth.
import type { ContinuityReportDocument } from "./report-document";
import {
  CONTINUITY_STATUSES,
  type ContinuityStatus,
  continuityStatusLabels,
  type ItemStatus,
  itemStatusLabels,
} from "./vocabulary";

export type ReportSignature = { keyId: string; documentSha256: string; signedAt: Date; signedBy: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const iso = (text: string) => `${text.replace("T", " ").slice(0, 19)} UTC`;

const STYLE = `
*{box-sizing:border-box}
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0f172a;margin:0;background:#fff}
main{max-width:1100px;margin:0 auto;padding:32px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.muted{color:#475569}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.verdict{border-radius:8px;padding:14px 16px;margin:16px 0;border:1px solid}
.verdict.CONTINUOUS{background:#f0fdf4;border-color:#bbf7d0;color:#166534}
.verdict.BROKEN{background:#fef2f2;border-color:#fecaca;color:#991b1b}
.verdict strong{font-size:18px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #cbd5e1;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f1f5f9;font-weight:600}
.bars{display:grid;grid-template-columns:110px 1fr 60px;gap:6px 10px;align-items:center;max-width:640px}
.bar{height:14px;background:#e2e8f0;border-radius:3px;overflow:hidden}
.bar span{display:block;height:100%}
.UNCHANGED span,.s-UNCHANGED{background:#16a34a}.CHANGED span,.s-CHANGED{background:#dc2626}
.MISSING span,.s-MISSING{background:#d97706}.ADDED span,.s-ADDED{background:#0284c7}
pre{white-space:pre-wrap;margin:4px 0 0}
.badge{display:inline-block;border-radius:9999px;padding:0 8px;color:#fff;font-size:11px;font-weight:600}
.ok{color:#166534}.bad{color:#991b1b}
@media print{main{padding:0;max-width:none}tr,.verdict{break-inside:avoid}a{color:inherit}}
`;

function snapshotRows(document: ContinuityReportDocument): string {
  const row = (label: string, value: (side: ContinuityReportDocument["baseline"]) => string, mono = false) =>
    `<tr><th scope="row">${label}</th>${[document.baseline, document.target]
      .map((side) => `<td${mono ? ' class="mono"' : ""}>${value(side)}</td>`)
      .join("")}</tr>`;
  return [
    row("Label", (side) => escapeHtml(side.label)),
    row("Portal version", (side) => escapeHtml(side.appVersion)),
    row("Finished", (side) => escapeHtml(iso(side.finishedAt))),
    row("Evidence root", (side) => escapeHtml(side.evidence.root), true),
    row("Evidence leaves", (side) => String(side.evidence.leaves)),
    row(
      "Verified items",
      (side) =>
        `${side.counts.ok} ok, ${side.counts.changed} changed, ${side.counts.missing} missing, ${side.counts.badSignature} bad signature`,
    ),
    row("Audit tree size", (side) => String(side.audit.treeSize)),
    row("Audit root", (side) => escapeHtml(side.audit.root), true),
    row("Snapshot id", (side) => escapeHtml(side.id), true),
  ].join("");
}

function bars(document: ContinuityReportDocument): string {
  const total = Math.max(1, document.items.length);
  return CONTINUITY_STATUSES.map((status: ContinuityStatus) => {
    const count = document.counts[status];
    const width = ((count / total) * 100).toFixed(1);
    return `<div>${continuityStatusLabels[status]}</div><div class="bar ${status}"><span style="width:${width}%"></span></div><div>${count}</div>`;
  }).join("");
}

const observation = (side: { sha256: string | null; status: ItemStatus } | null) =>
  side
    ? `<span class="mono">${side.sha256 ? escapeHtml(side.sha256) : "—"}</span><br><span class="muted">${itemStatusLabels[side.status]}</span>`
    : '<span class="muted">not in this snapshot</span>';

function itemRows(document: ContinuityReportDocument): string {
  // what needs attention first, then the unchanged evidence (the "unchanged digests" an auditor asks for)
  const order: Record<ContinuityStatus, number> = { CHANGED: 0, MISSING: 1, ADDED: 2, UNCHANGED: 3 };
  return [...document.items]
    .sort((a, b) => order[a.status] - order[b.status] || a.evidenceId.localeCompare(b.evidenceId))
    .map(
      (item) =>
        `<tr><td><span class="badge s-${item.status}">${continuityStatusLabels[item.status]}</span></td><td>${escapeHtml(item.fileName)}<br><span class="muted mono">${escapeHtml(item.evidenceId)}</span></td><td>${escapeHtml(item.kind)}</td><td>${observation(item.baseline)}</td><td>${observation(item.target)}</td><td>${escapeHtml(item.reason)}</td></tr>`,
    )
    .join("");
}

export function renderReportHtml(document: ContinuityReportDocument, signature: ReportSignature): string {
  const { crossReference, audit } = document;
  const reproduced = crossReference.oldRootFromTarget === crossReference.oldRoot;
  const title = `Continuity report: ${document.baseline.label} → ${document.target.label}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Generated ${escapeHtml(iso(document.generatedAt))} by ${escapeHtml(document.generatedBy)} with portal ${escapeHtml(document.portalVersion)}</p>
<div class="verdict ${document.verdict}" role="status">
<strong>${document.verdict}</strong>
${
  document.reasons.length === 0
    ? "<p>Every piece of evidence of the baseline is still there with the same digest, everything in the target verifies, and the audit log only grew.</p>"
    : `<ul>${document.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join("")}</ul>`
}
</div>

<h2>Summary</h2>
<div class="bars">${bars(document)}</div>

<h2>Snapshots</h2>
<table><thead><tr><th scope="col"></th><th scope="col">Baseline</th><th scope="col">Target</th></tr></thead>
<tbody>${snapshotRows(document)}</tbody></table>

<h2>Old root → new root</h2>
<table><tbody>
<tr><th scope="row">Old evidence root (baseline)</th><td class="mono">${crossReference.oldRoot}</td></tr>
<tr><th scope="row">New evidence root (target)</th><td class="mono">${crossReference.newRoot}</td></tr>
<tr><th scope="row">Old root recomputed from the target</th><td><span class="mono">${crossReference.oldRootFromTarget}</span><br><span class="${reproduced ? "ok" : "bad"}">${
    reproduced
      ? "Reproduces the old root: every baseline digest is unchanged in the target."
      : "Differs from the old root: some baseline evidence changed or is missing."
  }</span></td></tr>
<tr><th scope="row">Leaf encoding</th><td>${escapeHtml(crossReference.leafEncoding)}</td></tr>
<tr><th scope="row">Audit log</th><td>${audit.consistency.size1} → ${audit.consistency.size2} events:
<strong class="${audit.consistency.verified ? "ok" : "bad"}">consistency proof ${audit.consistency.verified ? "verified" : "failed"}</strong> (${escapeHtml(audit.consistency.reason)})</td></tr>
<tr><th scope="row">Consistency proof</th><td class="mono">${audit.consistency.proof.length === 0 ? "(empty: equal trees)" : audit.consistency.proof.map(escapeHtml).join("<br>")}</td></tr>
${(["baseline", "target"] as const)
  .map((side) => {
    const signed = audit.checkpoints[side];
    return `<tr><th scope="row">${side === "baseline" ? "Baseline" : "Target"} checkpoint</th><td>${
      signed
        ? `Signed by the audit-checkpoint key <span class="mono">${escapeHtml(signed.keyId)}</span><pre class="mono">${escapeHtml(signed.signedNote)}</pre>`
        : "Not signed (no audit-checkpoint key when the snapshot finished): the tree head above is the portal's own record"
    }</td></tr>`;
  })
  .join("")}
<tr><th scope="row">Audit leaf encoding</th><td>${escapeHtml(audit.leafEncoding)}</td></tr>
</tbody></table>

<h2>Evidence (${document.items.length})</h2>
<table><thead><tr><th scope="col">Status</th><th scope="col">Evidence</th><th scope="col">Kind</th><th scope="col">Baseline digest</th><th scope="col">Target digest</th><th scope="col">Reason</th></tr></thead>
<tbody>${itemRows(document)}</tbody></table>

<h2>Signature</h2>
<p>This page renders the signed JSON report (SHA-256 <span class="mono">${signature.documentSha256}</span>; its statement names it <span class="mono">continuity-report.json</span>), signed ${escapeHtml(iso(signature.signedAt.toISOString()))} for ${escapeHtml(signature.signedBy)} by the attestation key <span class="mono">${escapeHtml(signature.keyId)}</span> (DSSE envelope over an in-toto statement naming that digest).
Verify the JSON and its envelope offline: <span class="mono">sha256sum</span> of the JSON file, then the portal CLI's <span class="mono">continuity</span> command or <span class="mono">openssl dgst -sha256 -verify</span> over the envelope's PAE bytes (see the README, "Continuity reports").</p>
</main>
</body>
</html>
`;
}
