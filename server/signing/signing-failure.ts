// A signing request that could not be served. It is thrown inside the caller's transaction, which then rolls
// back with everything it did, its own audit events included; `recordSigningFailure` (or
// `transactionWithSigningAudit`) writes the failed request's audit event afterwards, in a transaction of its own,
// so failures are audited too.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditPayload, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma, PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import { DomainError, type DomainErrorCode } from "../lib/domain-error";

export type SigningFailedPayload = Extract<AuditPayload, { type: "signing.failed" }>;

export class SigningFailure extends DomainError {
  constructor(
    code: DomainErrorCode,
    message: string,
    readonly audit: {
      payload: SigningFailedPayload;
      requester: AuditActor;
      request?: AuditRequestMeta;
      clock: Clock;
    },
  ) {
    super(code, message, { purpose: audit.payload.purpose, keyId: audit.payload.keyId });
  }
}

export async function recordSigningFailure(prisma: PortalPrisma, failure: SigningFailure): Promise<void> {
  await prisma.$transaction((tx) =>
    appendAudit(tx, {
      payload: failure.audit.payload,
      actor: failure.audit.requester,
      subject: { type: "signing-key", id: failure.audit.payload.keyId ?? failure.audit.payload.purpose },
      request: failure.audit.request,
      clock: failure.audit.clock,
    }),
  );
}

/** `prisma.$transaction(work)`, plus the audit event of a signing request that failed inside it. */
export async function transactionWithSigningAudit<T>(
  prisma: PortalPrisma,
  work: (tx: PortalTx) => Promise<T>,
): Promise<T> {
  try {
    return await prisma.$transaction(work);
  } catch (error) {
    if (error instanceof SigningFailure) await recordSigningFailure(prisma, error);
    throw error;
  }
}
