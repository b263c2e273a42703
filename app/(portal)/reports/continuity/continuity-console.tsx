"use client";

import { useUrlView } from "@/components/data-table/use-url-view";
import { PageHeader } from "@/components/ui/page-header";
import { ComparisonPanel } from "./comparison-panel";
import { continuityViewQuery, readContinuityView } from "./continuity-view";
import { VerifyAllPanel } from "./verify-all-panel";

export function ContinuityConsole({ canVerify }: { canVerify: boolean }) {
  const { view, navigate, here } = useUrlView({ read: readContinuityView, toQuery: continuityViewQuery });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Continuity reports"
        description="Can we upgrade without invalidating proofs? Run verify-all before the upgrade and after it, then compare the two snapshots: a signed report says which digests are unchanged and cross-references the old Merkle roots with the new ones."
      />
      <VerifyAllPanel canVerify={canVerify} returnTo={here} />
      <ComparisonPanel view={view} navigate={navigate} canVerify={canVerify} returnTo={here} />
    </div>
  );
}
