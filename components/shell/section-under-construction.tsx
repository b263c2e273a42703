import { Hammer } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { NavSection } from "@/server/authz/navigation";

/**
 * The honest page for a section whose module has not shipped yet: it says what the section will hold, and the
 * permission check in front of it is already the real one.
 */
export function SectionUnderConstruction({
  section,
  comingNext,
}: {
  section: NavSection;
  comingNext: string[];
}) {
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader title={section.label} description={section.summary} />
      <EmptyState
        icon={<Hammer />}
        title="This module is not available in this version yet"
        description={
          <>
            <span className="block">What it will hold:</span>
            <span className="mt-2 block text-left">
              {comingNext.map((item) => (
                <span key={item} className="block">
                  • {item}
                </span>
              ))}
            </span>
          </>
        }
      />
    </div>
  );
}
