import { SectionUnderConstruction } from "@/components/shell/section-under-construction";
import { NAV_SECTIONS } from "@/server/authz/navigation";
import { requirePagePermission } from "@/server/authz/page-access";

export default async function Page() {
  await requirePagePermission("release:read", "/releases");
  const section = NAV_SECTIONS.find((candidate) => candidate.href === "/releases");
  if (!section) throw new Error("navigation entry missing for /releases");
  return (
    <SectionUnderConstruction
      section={section}
      comingNext={[
        "Releases registered by CI with their SHA256SUMS, signatures and verification report",
        "DEV → STAGING → PROD lanes with dual-control approvals bound to the artifact digest",
        "Immutable promotion records with signed in-toto attestations",
      ]}
    />
  );
}
