// The two doors into registration, both with the same refusal rule: a refused registration records one
// release.registration_refused audit event (actor: the token or the person) and discards whatever bytes it had
// staged, so nothing else remains of it. The REST endpoint and the browser upload read a request (JSON or
// multipart); tRPC hands over JSON it has parsed already.
import { createHash } from "node:crypto";
import type { PortalPrisma } from "../db/connection";
import type { StagedBlob } from "../evidence/blob-store";
import { readSubmission, type SubmissionLimits, submissionFromJson } from "./read-submission";
import { type ReleaseActorContext, registerRelease } from "./register-release";
import { isRefusal, type RefusalFacts, recordRegistrationRefusal } from "./registration-refusal";
import type { RegisterReleaseJson, RegistrationResult } from "./schemas";
import type { ReleaseSubmission } from "./submission";

async function registerRecordingRefusals(
  prisma: PortalPrisma,
  context: ReleaseActorContext,
  read: (facts: RefusalFacts, staged: StagedBlob[]) => Promise<ReleaseSubmission>,
): Promise<RegistrationResult> {
  const facts: RefusalFacts = { product: null, version: null, bundleDigest: null };
  const staged: StagedBlob[] = [];
  try {
    const submission = await read(facts, staged);
    facts.product = submission.meta.product;
    facts.version = submission.meta.version;
    facts.bundleDigest = createHash("sha256").update(submission.checksums).digest("hex");
    return await registerRelease(prisma, context, submission);
  } catch (error) {
    if (isRefusal(error)) {
      await recordRegistrationRefusal(prisma, { ...context, facts, error });
    }
    throw error;
  } finally {
    // a no-op for blobs the registration committed
    await Promise.all(staged.map((blob) => blob.discard()));
  }
}

export function registerFromRequest(
  prisma: PortalPrisma,
  context: ReleaseActorContext,
  http: Request,
  limits: SubmissionLimits,
): Promise<RegistrationResult> {
  return registerRecordingRefusals(prisma, context, (facts, staged) =>
    readSubmission(http, limits, facts, staged),
  );
}

export function registerFromJson(
  prisma: PortalPrisma,
  context: ReleaseActorContext,
  input: RegisterReleaseJson,
): Promise<RegistrationResult> {
  return registerRecordingRefusals(prisma, context, async (facts) => {
    facts.product = input.product;
    facts.version = input.version;
    return submissionFromJson(input);
  });
}
