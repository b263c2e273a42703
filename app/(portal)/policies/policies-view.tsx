"use client";

// /policies: the policy packs (which one is in force, its versions, a diff between two of them, a new version edited
// as JSON with a preview of what it would block, signed export and import) and the VEX exceptions that take findings
// out of the gates. Reading needs policy:read; the editing parts show for policy:manage, revoking for vex:sign.
import { useState } from "react";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { PageHeader } from "@/components/ui/page-header";
import { PackEditor } from "./pack-editor";
import { PackImport } from "./pack-import";
import { PackTable } from "./pack-table";
import { PackVersions } from "./pack-versions";
import { VexExceptions } from "./vex-exceptions";
import { VexImport } from "./vex-import";

const returnTo = "/policies";

export function PoliciesView({ canManage, canSignVex }: { canManage: boolean; canSignVex: boolean }) {
  const packs = trpc.policies.packs.useQuery();
  const [chosen, setChosen] = useState<string | null>(null);
  if (packs.error) return <RequestError error={describeClientError(packs.error)} returnTo={returnTo} />;
  const rows = packs.data ?? [];
  const selected =
    rows.find((pack) => pack.name === chosen) ?? rows.find((pack) => pack.active) ?? rows[0] ?? null;
  return (
    <div className="flex flex-col gap-5">
      <PageHeader
        title="Policies"
        description="The policy pack in force decides, per environment, which releases may be promoted: signatures, SBOM, vulnerabilities, scan freshness and custom rules. VEX exceptions, signed by a security officer, take a finding out of the counts."
        className="mb-0"
      />
      <PackTable
        packs={rows}
        loading={!packs.data}
        selected={selected?.name ?? null}
        onSelect={setChosen}
        canManage={canManage}
        returnTo={returnTo}
      />
      {selected ? <PackVersions key={selected.name} pack={selected} /> : null}
      {canManage ? (
        <PackEditor
          key={`${selected?.name ?? "new"}-${selected?.versions[0]?.version ?? 0}`}
          pack={selected}
          returnTo={returnTo}
          onSaved={setChosen}
        />
      ) : null}
      {canManage ? <PackImport returnTo={returnTo} onImported={setChosen} /> : null}
      <VexExceptions canRevoke={canSignVex} returnTo={returnTo} />
      {canSignVex ? <VexImport returnTo={returnTo} /> : null}
    </div>
  );
}
