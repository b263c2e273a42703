"use client";

// A readiness program: the executive summary (computed coverage and readiness per item), the trend, sprint
// allocation by phase, documentation deliverables, sign-offs and the change log; an item opens in a drawer.
import { Download, Pencil, Plus, Printer } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { shortHash } from "@/components/format/date-time";
import { CoverageBar } from "@/components/status/coverage-bar";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import {
  type ItemView,
  type ProgramView as Program,
  readinessLevelLabels,
} from "@/server/compliance/schemas";
import { barValue, coverageText, ReadinessBadges } from "../compliance-format";
import { ChangeLogList } from "./change-log-list";
import { CoverageTrend } from "./coverage-trend";
import { ItemDrawer } from "./item-drawer";
import { AddDeliverableForm, AddItemForm } from "./part-forms";
import { ProgramFormDrawer } from "./program-form-drawer";
import { RemoveButton } from "./remove-button";
import { SignOffPanel } from "./sign-off-panel";

const column = createDataTableColumnHelper<ItemView>();

const summaryColumns = column.columns([
  column.accessor("number", { header: "Item", meta: { align: "end", className: "w-14" } }),
  column.accessor("summary", {
    header: "Description",
    meta: { rowHeader: true },
    cell: (info) => info.getValue() || info.row.original.title,
  }),
  column.accessor("coverage", {
    header: "Coverage",
    meta: { className: "min-w-52" },
    cell: (info) => {
      const item = info.row.original;
      const computed = item.coverage === null ? null : Math.round(item.coverage * 10) / 10;
      return (
        <div className="flex flex-col gap-1">
          <CoverageBar value={barValue(item.coverage)} label={`Item ${item.number}`} />
          {item.documentCoverage !== null && item.documentCoverage !== computed ? (
            <span className="text-xs text-warn-fg">
              typed in the document: {item.documentCoverage}%, computed: {coverageText(item.coverage)}
            </span>
          ) : null}
        </div>
      );
    },
  }),
  column.accessor("status", { header: "Status" }),
  column.accessor("targetLevel", {
    header: "Target",
    cell: (info) => (
      <span className="flex flex-col gap-1">
        <span>{readinessLevelLabels[info.getValue()]}</span>
        <span className={info.row.original.atTarget ? "text-xs text-ok-fg" : "text-xs text-fg-muted"}>
          {info.row.original.atTarget ? "reached" : "not yet"}
        </span>
      </span>
    ),
  }),
  column.display({
    id: "readiness",
    header: "Readiness",
    cell: (info) => (
      <ReadinessBadges readiness={info.row.original.readiness} target={info.row.original.targetLevel} />
    ),
  }),
]);

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Card className="flex flex-col gap-1 px-4 py-3">
      <span className="text-xs font-semibold tracking-wide text-fg-muted uppercase">{label}</span>
      <span className="text-lg font-semibold text-fg">{children}</span>
    </Card>
  );
}

function ExportLinks({ slug, onEdit }: { slug: string; onEdit: (() => void) | null }) {
  const base = `/compliance/${slug}`;
  return (
    <>
      {onEdit ? (
        <Button size="sm" variant="secondary" onClick={onEdit}>
          <Pencil aria-hidden="true" />
          Edit program
        </Button>
      ) : null}
      {(
        [
          ["md", "Markdown"],
          ["csv", "CSV"],
          ["json", "JSON"],
        ] as const
      ).map(([format, label]) => (
        <a
          key={format}
          href={`${base}/export/${format}`}
          className={buttonClasses("secondary", "sm")}
          download
        >
          <Download aria-hidden="true" />
          {label}
        </a>
      ))}
      <Link href={`${base}/report`} className={buttonClasses("secondary", "sm")}>
        <Printer aria-hidden="true" />
        Printable report
      </Link>
    </>
  );
}

function Deliverables({
  program,
  canEdit,
  returnTo,
}: {
  program: Program;
  canEdit: boolean;
  returnTo: string;
}) {
  const utils = trpc.useUtils();
  const remove = trpc.compliance.removeDeliverable.useMutation({
    onSuccess: () =>
      Promise.all([
        utils.compliance.get.invalidate({ slug: program.slug }),
        utils.compliance.changeLog.invalidate(),
      ]),
  });
  return (
    <>
      {program.deliverables.length === 0 ? (
        <p className="text-sm text-fg-muted">None listed.</p>
      ) : (
        <ul aria-label="Documentation deliverables" className="flex flex-col divide-y divide-border text-sm">
          {program.deliverables.map((deliverable) => (
            <li key={deliverable.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="font-medium text-fg">{deliverable.title}</span>{" "}
                <code className="text-xs text-fg-muted">{deliverable.path}</code>
              </span>
              <span className="flex flex-wrap items-center gap-2">
                <span className="text-fg-muted">{deliverable.status}</span>
                {canEdit ? (
                  <RemoveButton
                    what={`deliverable “${deliverable.title}”`}
                    pending={remove.isPending}
                    onRemove={() => remove.mutate({ deliverableId: deliverable.id })}
                  />
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {remove.error ? <RequestError error={describeClientError(remove.error)} returnTo={returnTo} /> : null}
      {canEdit ? <AddDeliverableForm slug={program.slug} returnTo={returnTo} /> : null}
    </>
  );
}

function Phases({ program }: { program: Program }) {
  if (program.phases.length === 0) return <p className="text-sm text-fg-muted">No sprint plan.</p>;
  return (
    <div className="flex flex-col gap-5">
      {program.phases.map((phase) => (
        <section key={phase.number} aria-labelledby={`phase-${phase.number}`} className="flex flex-col gap-2">
          <h3 id={`phase-${phase.number}`} className="text-sm font-semibold text-fg">
            Phase {phase.number}: {phase.name}
            {phase.code ? ` (${phase.code})` : ""} — {readinessLevelLabels[phase.level]}
          </h3>
          {phase.target ? <p className="text-sm text-fg-muted">Target: {phase.target}</p> : null}
          <div className="overflow-x-auto rounded-md border border-border">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Sprints of phase {phase.number}</caption>
              <thead className="bg-surface-muted text-xs font-semibold text-fg-muted uppercase">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Sprint
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Module
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Description
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {phase.sprints.map((sprint) => (
                  <tr key={sprint.code} className="border-t border-border">
                    <th scope="row" className="px-3 py-2 font-mono text-xs font-normal">
                      {sprint.code}
                    </th>
                    <td className="px-3 py-2">{sprint.module}</td>
                    <td className="px-3 py-2">{sprint.description}</td>
                    <td className="px-3 py-2">{sprint.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}

export function ProgramView({
  slug,
  canEdit,
  canSignOff,
  roles,
}: {
  slug: string;
  canEdit: boolean;
  canSignOff: boolean;
  roles: string[];
}) {
  const query = trpc.compliance.get.useQuery({ slug });
  const [openItem, setOpenItem] = useState<number | null>(null);
  const [editingProgram, setEditingProgram] = useState(false);
  const [addingItem, setAddingItem] = useState(false);
  const returnTo = `/compliance/${slug}`;
  if (query.error) {
    return (
      <div className="flex flex-col gap-5">
        <Breadcrumb parent={{ href: "/compliance", label: "Compliance" }} current={slug} />
        <RequestError error={describeClientError(query.error)} returnTo={returnTo} />
      </div>
    );
  }
  const program = query.data;
  if (!program) return <p className="text-sm text-fg-muted">Loading…</p>;
  const item = program.items.find((entry) => entry.number === openItem) ?? null;
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/compliance", label: "Compliance" }} current={program.name} />
      <PageHeader
        title={program.name}
        description={program.description}
        actions={<ExportLinks slug={program.slug} onEdit={canEdit ? () => setEditingProgram(true) : null} />}
      />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Card className="px-4 py-3">
          <CoverageBar value={barValue(program.coverage)} label="Program coverage (computed)" />
        </Card>
        <Stat label="Items at their target">
          {program.itemsAtTarget} of {program.items.length}
        </Stat>
        <Stat label="Ready: Demo / RFP / Audit">
          {program.readyCounts.DEMO} / {program.readyCounts.RFP} / {program.readyCounts.AUDIT}
        </Stat>
        <Stat label={`Version ${program.version} · ${program.status}`}>
          <span className="text-sm font-normal text-fg-muted">
            Revision {program.revision} · owner {program.owner} · digest{" "}
            <code title={program.contentSha256}>{shortHash(program.contentSha256)}</code>
          </span>
        </Stat>
      </div>

      <section aria-labelledby="summary-heading" className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="summary-heading" className="text-base font-semibold text-fg">
            Executive summary
          </h2>
          {canEdit && !addingItem ? (
            <Button size="sm" variant="secondary" onClick={() => setAddingItem(true)}>
              <Plus aria-hidden="true" />
              Add item
            </Button>
          ) : null}
        </div>
        <p className="text-sm text-fg-muted">
          Coverage per item: DONE counts 1, PARTIAL ½, TODO 0, DEFERRED is left out. Open an item (Enter) for
          its requirements and proof artifacts.
        </p>
        <DataTable
          caption="Executive summary"
          columns={summaryColumns}
          rows={program.items}
          getRowId={(entry) => String(entry.number)}
          hasNextPage={false}
          hasPreviousPage={false}
          onNextPage={() => {}}
          onPreviousPage={() => {}}
          summary={`${program.items.length} items, ${program.requirementCount} requirements`}
          isLoading={query.isFetching}
          onRowActivate={(entry) => setOpenItem(entry.number)}
          activeRowId={openItem === null ? null : String(openItem)}
        />
        {addingItem ? (
          <AddItemForm
            slug={program.slug}
            returnTo={returnTo}
            onCancel={() => setAddingItem(false)}
            onAdded={(number) => {
              setAddingItem(false);
              // the new item opens at once: adding its requirements is what comes next
              setOpenItem(number);
            }}
          />
        ) : null}
      </section>

      <Card>
        <CardHeader>
          <CardTitle>Coverage over time</CardTitle>
        </CardHeader>
        <CardBody>
          <CoverageTrend snapshots={program.snapshots} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Sprint allocation by phase</CardTitle>
        </CardHeader>
        <CardBody>
          <Phases program={program} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Documentation deliverables</CardTitle>
        </CardHeader>
        <CardBody>
          <Deliverables program={program} canEdit={canEdit} returnTo={returnTo} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Stakeholder sign-off</CardTitle>
        </CardHeader>
        <CardBody>
          <SignOffPanel program={program} canSignOff={canSignOff} roles={roles} returnTo={returnTo} />
        </CardBody>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Change log</CardTitle>
        </CardHeader>
        <CardBody>
          <ChangeLogList slug={program.slug} />
        </CardBody>
      </Card>

      {editingProgram ? (
        <ProgramFormDrawer program={program} onClose={() => setEditingProgram(false)} returnTo={returnTo} />
      ) : null}
      <ItemDrawer
        slug={program.slug}
        item={item}
        canEdit={canEdit}
        onClose={() => setOpenItem(null)}
        returnTo={returnTo}
      />
    </div>
  );
}
