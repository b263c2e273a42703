import { SectionUnderConstruction } from "@/components/shell/section-under-construction";
import { NAV_SECTIONS } from "@/server/authz/navigation";
import { requirePagePermission } from "@/server/authz/page-access";

export default async function Page() {
  await requirePagePermission("breakglass:read", "/break-glass");
  const section = NAV_SECTIONS.find((candidate) => candidate.href === "/break-glass");
  if (!section) throw new Error("navigation entry missing for /break-glass");
  return (
    <SectionUnderConstruction
      section={section}
      comingNext={[
        "Break-glass sessions with reason codes, fresh re-authentication and a short TTL",
        "Live countdown, extension and revocation, with every elevated action in the trail",
        "Post-incident review by a security officer",
      ]}
    />
  );
}
