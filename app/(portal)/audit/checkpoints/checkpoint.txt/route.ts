// One signed audit checkpoint (c2sp.org/tlog-checkpoint) as a file, for the CLI or any Rekor/Go note tooling.
import { checkpointSelect } from "@/server/audit/checkpoints/checkpoint-row";
import { getPrisma } from "@/server/db";
import { DomainError } from "@/server/lib/domain-error";
import { proofDownload } from "../proof-download";

export async function GET(request: Request): Promise<Response> {
  return proofDownload(request, "/audit/checkpoints/checkpoint.txt", async (query) => {
    const treeSize = Number(query.get("treeSize"));
    if (!Number.isSafeInteger(treeSize) || treeSize < 1) {
      throw new DomainError("BAD_REQUEST", "give the checkpoint's tree size (?treeSize=)");
    }
    const prisma = await getPrisma();
    const row = await prisma.auditCheckpoint.findUnique({
      where: { treeSize: BigInt(treeSize) },
      select: checkpointSelect,
    });
    if (!row) throw new DomainError("NOT_FOUND", `no checkpoint of the audit log has tree size ${treeSize}`);
    return {
      body: row.signedNote,
      filename: `audit-checkpoint-${treeSize}.txt`,
      contentType: "text/plain; charset=utf-8",
    };
  });
}
