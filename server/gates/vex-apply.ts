// The VEX rules: which statement speaks for each finding of this release, and whether the finding still counts
// against the thresholds. `not_affected` and `fixed` remove it; `affected` and `under_investigation` keep it.
// Exceptions arrive wrapped in the portal's metadata (scope, expiry, signer); expired or out-of-scope ones are
// ignored and said so. When several statements match, the newest wins (OpenVEX: later statements supersede);
// at the same time the more cautious status wins, so a tie can never hide a finding.
import type { Finding } from "./findings";
import type { VexDocument, VexStatement, VexStatus } from "./openvex";

export type VexScope =
  | { kind: "all" }
  | { kind: "release"; releaseId: string }
  | { kind: "product"; product: string; versions: string[] | null };

export type VexException = {
  document: VexDocument;
  scope: VexScope;
  /** ISO; null = no expiry */
  expiresAt: string | null;
  signedBy: string | null;
};

export type ReleaseIdentity = {
  releaseId: string;
  product: string;
  version: string;
  /** `sha256:<hex>` of the release's artifacts */
  digests: string[];
  /** package URLs naming the release itself */
  purls: string[];
};

export type AppliedVex = {
  status: VexStatus;
  documentId: string;
  statementIndex: number;
  justification: string | null;
  impactStatement: string | null;
  actionStatement: string | null;
  signedBy: string | null;
};

export type VexedFinding = Finding & { vex: AppliedVex | null; counted: boolean };

export type IgnoredVex = { documentId: string; reason: string };

const caution: Record<VexStatus, number> = { affected: 3, under_investigation: 2, fixed: 1, not_affected: 0 };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function purlBase(purl: string): string {
  return purl.split(/[?#]/)[0] ?? purl;
}

function scopeMiss(scope: VexScope, release: ReleaseIdentity): string | null {
  if (scope.kind === "release" && scope.releaseId !== release.releaseId) return "scoped to another release";
  if (scope.kind === "product" && scope.product !== release.product)
    return `scoped to product ${scope.product}`;
  if (scope.kind === "product" && scope.versions && !scope.versions.includes(release.version)) {
    return `scoped to ${scope.product} ${scope.versions.join(", ")}`;
  }
  return null;
}

function statementCovers(statement: VexStatement, finding: Finding, release: ReleaseIdentity): boolean {
  const id = finding.id.toUpperCase();
  if (
    statement.vulnerability.toUpperCase() !== id &&
    !statement.aliases.some((a) => a.toUpperCase() === id)
  ) {
    return false;
  }
  const findingPurl = finding.purl ? purlBase(finding.purl) : null;
  const releaseIds = new Set([...release.digests, ...release.purls.map(purlBase)]);
  return statement.products.some((product) => {
    const ids = product.ids.map(purlBase);
    // the statement names the vulnerable package itself as its product
    if (findingPurl && ids.includes(findingPurl)) return true;
    if (!ids.some((productId) => releaseIds.has(productId))) return false;
    if (product.subcomponents.length === 0) return true;
    return (
      findingPurl !== null && product.subcomponents.some((sub) => sub.map(purlBase).includes(findingPurl))
    );
  });
}

type Candidate = { exception: VexException; statement: VexStatement };

function prefer(a: Candidate, b: Candidate): Candidate {
  if (a.statement.timestamp !== b.statement.timestamp)
    return a.statement.timestamp > b.statement.timestamp ? a : b;
  if (caution[a.statement.status] !== caution[b.statement.status]) {
    return caution[a.statement.status] > caution[b.statement.status] ? a : b;
  }
  const keyA = `${a.exception.document.id}\u0000${String(a.statement.index).padStart(6, "0")}`;
  const keyB = `${b.exception.document.id}\u0000${String(b.statement.index).padStart(6, "0")}`;
  return keyA <= keyB ? a : b;
}

export function applyVex(options: {
  findings: readonly Finding[];
  exceptions: readonly VexException[];
  release: ReleaseIdentity;
  now: Date;
}): { findings: VexedFinding[]; ignored: IgnoredVex[] } {
  const ignored: IgnoredVex[] = [];
  const live: VexException[] = [];
  for (const exception of options.exceptions) {
    const miss = scopeMiss(exception.scope, options.release);
    if (exception.expiresAt !== null && Date.parse(exception.expiresAt) <= options.now.getTime()) {
      ignored.push({ documentId: exception.document.id, reason: `expired ${exception.expiresAt}` });
    } else if (miss) {
      ignored.push({ documentId: exception.document.id, reason: miss });
    } else {
      live.push(exception);
    }
  }
  const findings = options.findings.map((finding): VexedFinding => {
    let chosen: Candidate | null = null;
    for (const exception of live) {
      for (const statement of exception.document.statements) {
        if (!statementCovers(statement, finding, options.release)) continue;
        const candidate = { exception, statement };
        chosen = chosen ? prefer(chosen, candidate) : candidate;
      }
    }
    if (!chosen) return { ...finding, vex: null, counted: true };
    const { statement, exception } = chosen;
    return {
      ...finding,
      vex: {
        status: statement.status,
        documentId: exception.document.id,
        statementIndex: statement.index,
        justification: statement.justification,
        impactStatement: statement.impactStatement,
        actionStatement: statement.actionStatement,
        signedBy: exception.signedBy,
      },
      counted: statement.status === "affected" || statement.status === "under_investigation",
    };
  });
  ignored.sort((a, b) => compareText(a.documentId, b.documentId) || compareText(a.reason, b.reason));
  return { findings, ignored };
}
