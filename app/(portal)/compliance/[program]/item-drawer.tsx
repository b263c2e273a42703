"use client";

// One item: why it matters, coverage and readiness, its requirements (status editable in place for editors),
// proof artifacts with their verification state, and its change log.
import { useId, useState } from "react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { shortHash } from "@/components/format/date-time";
import { CoverageBar } from "@/components/status/coverage-bar";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label } from "@/components/ui/input";
import {
  type ItemView,
  type ProofView,
  REQUIREMENT_STATUSES,
  type RequirementStatus,
  type RequirementView,
  readinessLevelLabels,
  requirementStatusLabels,
} from "@/server/compliance/schemas";
import {
  barValue,
  coverageText,
  ProofStateBadge,
  ReadinessBadges,
  RequirementStatusBadge,
} from "../compliance-format";
import { ChangeLogList } from "./change-log-list";
import { AddProofForm, AddRequirementForm } from "./part-forms";
import { RemoveButton } from "./remove-button";
import { RequirementForm } from "./requirement-form";

type Props = { slug: string; item: ItemView | null; canEdit: boolean; onClose: () => void; returnTo: string };

function StatusSelect({ requirement, slug }: { requirement: RequirementView; slug: string }) {
  const utils = trpc.useUtils();
  const update = trpc.compliance.updateRequirement.useMutation({
    onSettled: () =>
      Promise.all([utils.compliance.get.invalidate({ slug }), utils.compliance.changeLog.invalidate()]),
  });
  return (
    <div className="flex flex-col gap-1">
      <select
        aria-label={`Status of ${requirement.title}`}
        value={requirement.status}
        disabled={update.isPending}
        onChange={(event) =>
          update.mutate({ requirementId: requirement.id, status: event.target.value as RequirementStatus })
        }
        className="h-8 rounded-md border border-border-strong bg-surface px-2 text-sm"
      >
        {REQUIREMENT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {requirementStatusLabels[status]}
          </option>
        ))}
      </select>
      {update.error ? (
        <span role="alert" className="text-xs text-bad-fg">
          {describeClientError(update.error).message}
        </span>
      ) : null}
    </div>
  );
}

const column = createDataTableColumnHelper<RequirementView & { slug: string; canEdit: boolean }>();

const requirementColumns = column.columns([
  column.accessor("title", { header: "Requirement", meta: { rowHeader: true } }),
  column.accessor("implementation", {
    header: "Implementation",
    cell: (info) => <span className="text-fg-muted">{info.getValue() || "—"}</span>,
  }),
  column.accessor("status", {
    header: "Status",
    cell: (info) =>
      info.row.original.canEdit ? (
        <StatusSelect requirement={info.row.original} slug={info.row.original.slug} />
      ) : (
        <RequirementStatusBadge status={info.getValue()} />
      ),
  }),
  column.accessor("sprint", {
    header: "Sprint",
    cell: (info) => <code className="text-xs">{info.getValue()}</code>,
  }),
  column.accessor("neededFor", {
    header: "Needed for",
    cell: (info) => {
      const level = info.getValue();
      return level ? (
        readinessLevelLabels[level]
      ) : (
        <span className="text-fg-muted">not needed (deferred)</span>
      );
    },
  }),
  column.display({
    id: "more",
    header: "Owner · frameworks",
    cell: (info) => (
      <span className="flex flex-wrap gap-1 text-xs text-fg-muted">
        {info.row.original.owner || null}
        {info.row.original.frameworks.map((tag) => (
          <Badge key={tag} tone="info">
            {tag}
          </Badge>
        ))}
      </span>
    ),
  }),
]);

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

function RemoveProof({ proof, slug, returnTo }: { proof: ProofView; slug: string; returnTo: string }) {
  const utils = trpc.useUtils();
  const remove = trpc.compliance.removeProof.useMutation({
    onSuccess: () =>
      Promise.all([utils.compliance.get.invalidate({ slug }), utils.compliance.changeLog.invalidate()]),
  });
  return (
    <>
      <RemoveButton
        what={`proof artifact “${proof.description}”`}
        pending={remove.isPending}
        onRemove={() => remove.mutate({ proofId: proof.id })}
      />
      {remove.error ? (
        <RequestError error={describeClientError(remove.error)} returnTo={returnTo} className="w-full" />
      ) : null}
    </>
  );
}

function RemoveItem({
  item,
  slug,
  returnTo,
  onRemoved,
}: {
  item: ItemView;
  slug: string;
  returnTo: string;
  onRemoved: () => void;
}) {
  const utils = trpc.useUtils();
  const remove = trpc.compliance.removeItem.useMutation({
    onSuccess: async () => {
      onRemoved();
      await Promise.all([utils.compliance.get.invalidate({ slug }), utils.compliance.changeLog.invalidate()]);
    },
  });
  return (
    <div className="flex flex-col gap-2">
      <RemoveButton
        label="Remove item"
        what={`${item.number} with its ${item.requirements.length} requirements and ${item.proofs.length} proof artifacts`}
        pending={remove.isPending}
        onRemove={() => remove.mutate({ itemId: item.id })}
      />
      {remove.error ? <RequestError error={describeClientError(remove.error)} returnTo={returnTo} /> : null}
    </div>
  );
}

function AttachProofForm({ proof, slug, returnTo }: { proof: ProofView; slug: string; returnTo: string }) {
  const fileId = useId();
  const signId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [sign, setSign] = useState(true);
  const utils = trpc.useUtils();
  const attach = trpc.compliance.attachProof.useMutation({
    onSuccess: () =>
      Promise.all([utils.compliance.get.invalidate({ slug }), utils.compliance.changeLog.invalidate()]),
  });
  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-3"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!file) return;
        attach.mutate({ proofId: proof.id, fileName: file.name, contentBase64: await toBase64(file), sign });
      }}
    >
      <div className="flex flex-col gap-1">
        <Label htmlFor={fileId}>Evidence file</Label>
        <Input id={fileId} type="file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
      </div>
      <label htmlFor={signId} className="flex items-center gap-2 text-sm">
        <input
          id={signId}
          type="checkbox"
          checked={sign}
          onChange={(event) => setSign(event.target.checked)}
        />
        Sign with the portal's attestation key
      </label>
      <Button type="submit" size="sm" variant="secondary" disabled={!file || attach.isPending}>
        {attach.isPending ? "Attaching…" : "Attach evidence"}
      </Button>
      {attach.error ? (
        <RequestError error={describeClientError(attach.error)} returnTo={returnTo} className="w-full" />
      ) : null}
    </form>
  );
}

export function ItemDrawer({ slug, item, canEdit, onClose, returnTo }: Props) {
  const rows = item ? item.requirements.map((requirement) => ({ ...requirement, slug, canEdit })) : [];
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = item?.requirements.find((requirement) => requirement.id === editingId) ?? null;
  return (
    <Drawer
      open={item !== null}
      onClose={onClose}
      size="lg"
      title={item ? `Item ${item.number}: ${item.title}` : ""}
      description={item?.whyItMatters ? `Why it matters: ${item.whyItMatters}` : undefined}
      className="max-w-5xl"
    >
      {item ? (
        <div className="flex flex-col gap-6">
          <section aria-label="Coverage" className="flex flex-col gap-2">
            <CoverageBar value={barValue(item.coverage)} label={`Item ${item.number} coverage`} />
            <p className="text-sm text-fg-muted">
              {item.counts.DONE} done, {item.counts.PARTIAL} partial, {item.counts.TODO} to do,{" "}
              {item.counts.DEFERRED} deferred · target {readinessLevelLabels[item.targetLevel]} · status{" "}
              {item.status}
              {item.documentCoverage !== null &&
              Math.round((item.coverage ?? 0) * 10) / 10 !== item.documentCoverage
                ? ` · typed in the document: ${item.documentCoverage}%, computed: ${coverageText(item.coverage)}`
                : ""}
            </p>
            <ReadinessBadges readiness={item.readiness} target={item.targetLevel} />
            {canEdit ? <RemoveItem item={item} slug={slug} returnTo={returnTo} onRemoved={onClose} /> : null}
          </section>
          <section className="flex flex-col gap-2">
            <h3 className="text-sm font-semibold text-fg">Requirements</h3>
            {canEdit ? (
              <p className="text-xs text-fg-muted">
                Change a status in place; open a row (click or Enter) to edit its details and framework ids.
              </p>
            ) : null}
            {!canEdit ? (
              <p className="text-xs text-fg-muted">Read only: your role cannot change requirements.</p>
            ) : null}
            <DataTable
              caption={`Requirements of item ${item.number}`}
              columns={requirementColumns}
              rows={rows}
              getRowId={(row) => row.id}
              hasNextPage={false}
              hasPreviousPage={false}
              onNextPage={() => {}}
              onPreviousPage={() => {}}
              summary={`${rows.length} requirements`}
              emptyMessage="No requirements."
              onRowActivate={canEdit ? (row) => setEditingId(row.id) : undefined}
              activeRowId={editingId}
            />
            {editing ? (
              <RequirementForm
                key={editing.id}
                requirement={editing}
                slug={slug}
                returnTo={returnTo}
                onDone={() => setEditingId(null)}
              />
            ) : canEdit ? (
              <AddRequirementForm
                key={item.id}
                slug={slug}
                itemId={item.id}
                itemNumber={item.number}
                returnTo={returnTo}
              />
            ) : null}
          </section>
          <section className="flex flex-col gap-2">
            <h3 className="text-sm font-semibold text-fg">Proof artifacts</h3>
            {item.proofs.length === 0 ? <p className="text-sm text-fg-muted">None listed.</p> : null}
            <ul aria-label="Proof artifacts" className="flex flex-col gap-3">
              {item.proofs.map((proof) => (
                <li key={proof.id} className="rounded-md border border-border p-3 text-sm">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium text-fg">{proof.description}</span>
                    <span className="flex flex-wrap items-center gap-2">
                      <ProofStateBadge state={proof.state} />
                      {canEdit ? <RemoveProof proof={proof} slug={slug} returnTo={returnTo} /> : null}
                    </span>
                  </div>
                  <p className="mt-1 text-xs text-fg-muted">
                    {proof.detail}
                    {proof.evidenceSha256 ? (
                      <>
                        {" "}
                        {proof.evidenceName} · sha256:
                        <code title={proof.evidenceSha256}>{shortHash(proof.evidenceSha256)}</code>
                        {proof.evidenceSize !== null ? ` · ${proof.evidenceSize} bytes` : ""}
                        {proof.signatureKeyId ? ` · key ${shortHash(proof.signatureKeyId)}` : ""}
                      </>
                    ) : null}
                  </p>
                  {canEdit ? <AttachProofForm proof={proof} slug={slug} returnTo={returnTo} /> : null}
                </li>
              ))}
            </ul>
            {canEdit ? (
              <AddProofForm
                key={item.id}
                slug={slug}
                itemId={item.id}
                itemNumber={item.number}
                returnTo={returnTo}
              />
            ) : null}
          </section>
          <section className="flex flex-col gap-2">
            <h3 className="text-sm font-semibold text-fg">Change log</h3>
            <ChangeLogList slug={slug} itemNumber={item.number} />
          </section>
        </div>
      ) : null}
    </Drawer>
  );
}
