"use client";

// Stakeholder sign-offs: per role, the latest signature and whether it still matches the program; a button to
// sign for each role the viewer may sign for. Older signatures are listed below with their state.
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { formatDateTime, shortHash } from "@/components/format/date-time";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { roleLabels } from "@/server/authz/permissions";
import type { ProgramView, SignOffView } from "@/server/compliance/schemas";
import { signOffLabels } from "../compliance-format";

const column = createDataTableColumnHelper<SignOffView>();
const columns = column.columns([
  column.accessor("stakeholderRole", { header: "Role", meta: { rowHeader: true } }),
  column.accessor("signerName", { header: "Signed by" }),
  column.accessor("signedAt", { header: "When", cell: (info) => formatDateTime(info.getValue()) }),
  column.accessor("revision", { header: "Revision", meta: { align: "end" } }),
  column.accessor("contentSha256", {
    header: "Program digest",
    cell: (info) => <code title={info.getValue()}>{shortHash(info.getValue())}</code>,
  }),
  column.accessor("state", {
    header: "Still matches?",
    cell: (info) => (
      <span title={info.row.original.detail}>
        <Badge tone={signOffLabels[info.getValue()].tone}>{signOffLabels[info.getValue()].label}</Badge>
      </span>
    ),
  }),
]);

export function SignOffPanel({
  program,
  canSignOff,
  roles,
  returnTo,
}: {
  program: ProgramView;
  canSignOff: boolean;
  roles: string[];
  returnTo: string;
}) {
  const utils = trpc.useUtils();
  const sign = trpc.compliance.signOff.useMutation({
    onSuccess: () =>
      Promise.all([
        utils.compliance.get.invalidate({ slug: program.slug }),
        utils.compliance.changeLog.invalidate(),
      ]),
  });
  const latest = (role: string) =>
    program.signOffs.find((signOff) => signOff.stakeholderRole === role) ?? null;
  return (
    <div className="flex flex-col gap-4">
      <ul className="grid gap-3 sm:grid-cols-2">
        {program.stakeholders.map((stakeholder) => {
          const last = latest(stakeholder.role);
          const allowed =
            canSignOff && (stakeholder.portalRole === null || roles.includes(stakeholder.portalRole));
          return (
            <li
              key={stakeholder.role}
              className="flex flex-col gap-2 rounded-md border border-border p-3 text-sm"
            >
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium text-fg">{stakeholder.role}</span>
                {last ? (
                  <Badge tone={signOffLabels[last.state].tone}>{signOffLabels[last.state].label}</Badge>
                ) : (
                  <Badge>Not signed</Badge>
                )}
              </div>
              <p className="text-xs text-fg-muted">
                Signed by a{" "}
                {stakeholder.portalRole
                  ? roleLabels[stakeholder.portalRole].toLowerCase()
                  : "holder of the sign-off permission"}
                {last
                  ? ` · last: ${last.signerName}, ${formatDateTime(last.signedAt)}, revision ${last.revision}`
                  : ""}
              </p>
              {allowed ? (
                <Button
                  size="sm"
                  variant={last?.state === "current" ? "secondary" : "primary"}
                  disabled={sign.isPending}
                  onClick={() =>
                    sign.mutate({
                      slug: program.slug,
                      stakeholderRole: stakeholder.role,
                      revision: program.revision,
                    })
                  }
                >
                  Sign revision {program.revision} as {stakeholder.role}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {sign.error ? <RequestError error={describeClientError(sign.error)} returnTo={returnTo} /> : null}
      <DataTable
        caption="Sign-offs"
        columns={columns}
        rows={program.signOffs}
        getRowId={(row) => row.id}
        hasNextPage={false}
        hasPreviousPage={false}
        onNextPage={() => {}}
        onPreviousPage={() => {}}
        summary={`${program.signOffs.length} signature${program.signOffs.length === 1 ? "" : "s"}; current program digest ${shortHash(program.contentSha256)}`}
        emptyMessage="Nobody has signed this program yet."
      />
    </div>
  );
}
