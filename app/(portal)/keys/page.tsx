import { SectionUnderConstruction } from "@/components/shell/section-under-construction";
import { NAV_SECTIONS } from "@/server/authz/navigation";
import { requirePagePermission } from "@/server/authz/page-access";

export default async function Page() {
  await requirePagePermission("key:read", "/keys");
  const section = NAV_SECTIONS.find((candidate) => candidate.href === "/keys");
  if (!section) throw new Error("navigation entry missing for /keys");
  return (
    <SectionUnderConstruction
      section={section}
      comingNext={[
        "Signing keys by purpose and backend (software, PKCS#11 HSM, cloud KMS, Vault)",
        "Rotation with attestation continuity, revocation, trusted-key export",
        "M-of-N ceremonies and Shamir escrow",
      ]}
    />
  );
}
