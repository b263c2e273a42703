// The JSON trust root for offline verifiers: every key with its purpose, status and validity window.
import { getPrisma } from "@/server/db";
import { systemClock } from "@/server/lib/clock";
import { exportTrustRoot } from "@/server/signing/keys/export-trust-root";
import { requireKeyRead } from "../download-access";

export async function GET(request: Request): Promise<Response> {
  const access = await requireKeyRead(request, "/keys/trust-root.json");
  if (!access.ok) return access.response;
  const { json, sha256 } = await exportTrustRoot(await getPrisma(), {
    clock: systemClock,
    purpose: access.purpose,
  });
  return new Response(json, {
    headers: {
      "Content-Type": "application/json",
      "Content-Disposition": `attachment; filename="portal-trust-root${access.purpose ? `-${access.purpose}` : ""}.json"`,
      // the SHA-256 of exactly these bytes, to compare with what another person downloaded
      "X-Content-SHA256": sha256,
      "Cache-Control": "no-store",
    },
  });
}
