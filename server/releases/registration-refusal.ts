// A refused registration leaves one trace: a release.registration_refused audit event naming what could be read
// of the submission and why it was refused. Nothing else is written (uploaded bytes are discarded by the caller).
import { ZodError } from "zod";
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";

export type RefusalFacts = { product: string | null; version: string | null; bundleDigest: string | null };

const REFUSAL_CODES = new Set(["BAD_REQUEST", "CONFLICT", "PAYLOAD_TOO_LARGE", "PRECONDITION_FAILED"]);

/** Bad input and domain refusals; anything else is a fault of ours and goes to the log, not the audit trail. */
export function isRefusal(error: unknown): error is DomainError | ZodError {
  return error instanceof ZodError || (error instanceof DomainError && REFUSAL_CODES.has(error.code));
}

export function refusalOf(error: DomainError | ZodError): { code: string; reason: string } {
  if (error instanceof DomainError) return { code: error.code, reason: error.message };
  const issues = error.issues.map((issue) => {
    const field = issue.path.join(".");
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  const shown = issues.slice(0, 3).join("; ");
  return {
    code: "BAD_REQUEST",
    reason: issues.length > 3 ? `${shown} (and ${issues.length - 3} more)` : shown,
  };
}

const clip = (value: string | null) => (value === null ? null : value.slice(0, 200));

export async function recordRegistrationRefusal(
  prisma: PortalPrisma,
  options: {
    actor: AuditActor;
    request?: AuditRequestMeta;
    clock: Clock;
    facts: RefusalFacts;
    error: DomainError | ZodError;
    existingReleaseId?: string | null;
  },
): Promise<void> {
  const { code, reason } = refusalOf(options.error);
  const existing =
    options.error instanceof DomainError && typeof options.error.details?.releaseId === "string"
      ? options.error.details.releaseId
      : (options.existingReleaseId ?? null);
  await prisma.$transaction((tx) =>
    appendAudit(tx, {
      payload: {
        type: "release.registration_refused",
        product: clip(options.facts.product),
        version: clip(options.facts.version),
        bundleDigest: options.facts.bundleDigest,
        code,
        reason: reason.slice(0, 1000),
      },
      actor: options.actor,
      subject: { type: "release", id: existing },
      request: options.request,
      clock: options.clock,
    }),
  );
}
