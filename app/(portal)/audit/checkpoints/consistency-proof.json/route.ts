// The consistency proof between two audit checkpoints as a file for the offline CLI (`consistency <file>`).
import { getConsistencyProof } from "@/server/audit/checkpoints/get-proofs";
import { consistencyProofDocument } from "@/server/audit/checkpoints/proof-documents";
import { getPrisma } from "@/server/db";
import { systemClock } from "@/server/lib/clock";
import { proofDownload } from "../proof-download";

export async function GET(request: Request): Promise<Response> {
  return proofDownload(request, "/audit/checkpoints/consistency-proof.json", async (query) => {
    const proof = await getConsistencyProof(
      await getPrisma(),
      { size1: Number(query.get("size1")), size2: Number(query.get("size2")) },
      systemClock,
    );
    return {
      body: `${JSON.stringify(consistencyProofDocument(proof), null, 2)}\n`,
      filename: `audit-consistency-${proof.checkpoint1.treeSize}-${proof.checkpoint2.treeSize}.json`,
      contentType: "application/json",
    };
  });
}
