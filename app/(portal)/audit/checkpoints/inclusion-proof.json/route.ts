// One audit event's inclusion proof as a file for the offline CLI (`inclusion <file> --key <audit key>`).
import { getInclusionProof } from "@/server/audit/checkpoints/get-proofs";
import { inclusionProofDocument } from "@/server/audit/checkpoints/proof-documents";
import { getPrisma } from "@/server/db";
import { systemClock } from "@/server/lib/clock";
import { proofDownload } from "../proof-download";

export async function GET(request: Request): Promise<Response> {
  return proofDownload(request, "/audit/checkpoints/inclusion-proof.json", async (query) => {
    const proof = await getInclusionProof(
      await getPrisma(),
      {
        seq: Number(query.get("seq")),
        treeSize: query.has("treeSize") ? Number(query.get("treeSize")) : undefined,
      },
      systemClock,
    );
    return {
      body: `${JSON.stringify(inclusionProofDocument(proof), null, 2)}\n`,
      filename: `audit-event-${proof.seq}-inclusion-proof.json`,
      contentType: "application/json",
    };
  });
}
