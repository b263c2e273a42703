import { SectionUnderConstruction } from "@/components/shell/section-under-construction";
import { NAV_SECTIONS } from "@/server/authz/navigation";
import { requirePagePermission } from "@/server/authz/page-access";

export default async function Page() {
  await requirePagePermission("compliance:read", "/compliance");
  const section = NAV_SECTIONS.find((candidate) => candidate.href === "/compliance");
  if (!section) throw new Error("navigation entry missing for /compliance");
  return (
    <SectionUnderConstruction
      section={section}
      comingNext={[
        "Readiness programs, items and requirements with computed coverage",
        "Targets (Demo / RFP / Audit ready), proof artifacts verified by digest and signature",
        "Markdown import and export, and DSSE-signed stakeholder sign-offs",
      ]}
    />
  );
}
