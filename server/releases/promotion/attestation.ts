// The promotion attestation: an in-toto Statement v1 whose subjects are the bundle (SHA256SUMS, the digest that
// moves from environment to environment) and every artifact by digest, and whose predicate records the
// promotion: environment, target path, approvers with their roles, the verification it passed, the promotion
// before it, and a freeze window lifted by break-glass, if any. Signed by the release key (DSSE), it verifies
// offline with openssl: the predicate says what happened, the signature says the portal said so.
import type { JsonValue } from "../../lib/canonical-json";
import type { ReleaseBundleReport } from "../../signing/bundle/report";
import { type InTotoStatement, inTotoStatement } from "../../signing/in-toto";
import type { CountedApprover } from "./policy";
import { type Environment, PROMOTION_PREDICATE_TYPE } from "./vocabulary";

export type PromotionStatementInput = {
  release: {
    id: string;
    product: string;
    version: string;
    sourceCommit: string;
    ciRunId: string;
    ciRunUrl: string | null;
    bundleDigest: string;
    artifacts: readonly { path: string; sha256: string }[];
  };
  environment: Environment;
  targetPath: string;
  promotedAt: Date;
  promotedBy: string;
  request: { id: string; requestedBy: string; requestedAt: Date } | null;
  approvers: readonly CountedApprover[];
  verification: { report: ReleaseBundleReport; digest: string };
  previous: { environment: Environment; promotionId: string; promotedAt: Date } | null;
  freezeOverride: {
    freezeWindowId: string;
    reason: string;
    endsAt: Date;
    breakGlassSessionId: string;
  } | null;
};

export function promotionStatement(input: PromotionStatementInput): InTotoStatement {
  const { release, verification } = input;
  const signers = [
    ...new Set(verification.report.signatures.filter((s) => s.ok && s.keyId).map((s) => s.keyId as string)),
  ];
  const predicate: JsonValue = {
    release: {
      id: release.id,
      product: release.product,
      version: release.version,
      sourceCommit: release.sourceCommit,
      ciRunId: release.ciRunId,
      ciRunUrl: release.ciRunUrl,
    },
    environment: input.environment,
    targetPath: input.targetPath,
    bundleDigest: `sha256:${release.bundleDigest}`,
    promotedAt: input.promotedAt.toISOString(),
    promotedBy: input.promotedBy,
    request: input.request
      ? {
          id: input.request.id,
          requestedBy: input.request.requestedBy,
          requestedAt: input.request.requestedAt.toISOString(),
        }
      : null,
    approvers: input.approvers.map((approver) => ({
      id: approver.id,
      name: approver.name,
      role: approver.role,
      decidedAt: approver.decidedAt.toISOString(),
      comment: approver.comment,
    })),
    verification: {
      ok: verification.report.ok,
      summary: verification.report.summary,
      verifiedAt: verification.report.verifiedAt,
      verificationDigest: `sha256:${verification.digest}`,
      signedBy: signers,
      files: verification.report.counts.ok,
    },
    previous: input.previous
      ? {
          environment: input.previous.environment,
          promotionId: input.previous.promotionId,
          promotedAt: input.previous.promotedAt.toISOString(),
        }
      : null,
    freezeOverride: input.freezeOverride
      ? {
          freezeWindowId: input.freezeOverride.freezeWindowId,
          reason: input.freezeOverride.reason,
          endsAt: input.freezeOverride.endsAt.toISOString(),
          breakGlassSessionId: input.freezeOverride.breakGlassSessionId,
        }
      : null,
  };
  return inTotoStatement({
    subject: [
      { name: "SHA256SUMS", digest: { sha256: release.bundleDigest } },
      ...release.artifacts.map((artifact) => ({ name: artifact.path, digest: { sha256: artifact.sha256 } })),
    ],
    predicateType: PROMOTION_PREDICATE_TYPE,
    predicate,
  });
}
