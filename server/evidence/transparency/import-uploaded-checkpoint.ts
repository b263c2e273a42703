// A checkpoint uploaded (or pasted) on the mirror page, with the consistency proof that links it to the held
// latest checkpoint when one is needed.
import type { PortalPrisma } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { importCheckpoint } from "./import-checkpoint";
import type { MirrorContext } from "./mirror-context";
import { parseConsistencyProof } from "./proof-text";
import { type CheckpointImport, ZImportCheckpointInput } from "./schemas";

export async function importUploadedCheckpoint(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  raw: { logId: string; checkpoint: string; consistencyProof?: string },
): Promise<CheckpointImport> {
  const input = ZImportCheckpointInput.parse(raw);
  const proofText = input.consistencyProof?.trim() ? input.consistencyProof : null;
  const parsed = proofText ? parseConsistencyProof(proofText) : null;
  if (parsed && !parsed.ok) {
    throw new DomainError("BAD_REQUEST", parsed.reason, { field: "consistencyProof" });
  }
  return importCheckpoint(prisma, ctx, {
    logId: input.logId,
    // browsers and editors may turn line ends into CRLF; the note is LF-only by definition
    note: input.checkpoint.replaceAll("\r\n", "\n"),
    source: "upload",
    proofFor: async (size1, size2) => {
      if (!parsed?.ok) return null;
      const { sizes, hashes } = parsed.proof;
      if (sizes && (sizes.size1 !== size1 || sizes.size2 !== size2)) {
        throw new DomainError(
          "BAD_REQUEST",
          `the consistency proof is for sizes ${sizes.size1} -> ${sizes.size2}; the mirror needs ${size1} -> ${size2}`,
          { field: "consistencyProof" },
        );
      }
      return hashes;
    },
  });
}
