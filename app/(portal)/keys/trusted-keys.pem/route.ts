// The trusted public keys as one PEM file (active and retired keys), for openssl, cosign and friends.
import { getPrisma } from "@/server/db";
import { systemClock } from "@/server/lib/clock";
import { exportPemBundle } from "@/server/signing/keys/export-trust-root";
import { requireKeyRead } from "../download-access";

export async function GET(request: Request): Promise<Response> {
  const access = await requireKeyRead(request, "/keys/trusted-keys.pem");
  if (!access.ok) return access.response;
  const pem = await exportPemBundle(await getPrisma(), { clock: systemClock, purpose: access.purpose });
  return new Response(pem, {
    headers: {
      "Content-Type": "application/x-pem-file",
      "Content-Disposition": `attachment; filename="portal-trusted-keys${access.purpose ? `-${access.purpose}` : ""}.pem"`,
      "Cache-Control": "no-store",
    },
  });
}
