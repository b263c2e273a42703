import { Radar } from "lucide-react";
import Link from "next/link";
import { SectionUnderConstruction } from "@/components/shell/section-under-construction";
import { buttonClasses } from "@/components/ui/button";
import { NAV_SECTIONS } from "@/server/authz/navigation";
import { requirePagePermission } from "@/server/authz/page-access";

export default async function Page() {
  await requirePagePermission("evidence:read", "/evidence");
  const section = NAV_SECTIONS.find((candidate) => candidate.href === "/evidence");
  if (!section) throw new Error("navigation entry missing for /evidence");
  return (
    <>
      <div className="mb-4 flex">
        <Link className={buttonClasses("secondary")} href="/evidence/transparency">
          <Radar aria-hidden="true" />
          Transparency-log mirror
        </Link>
      </div>
      <SectionUnderConstruction
        section={section}
        comingNext={[
          "Content-addressed evidence with SHA-256 digests and links to releases and programs",
          "Deterministic, signed evidence bundles that verify offline",
          "verify-all snapshots and continuity reports across upgrades",
        ]}
      />
    </>
  );
}
