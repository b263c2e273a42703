"use client";

// Every VEX exception: which vulnerability, what status and why, how far it reaches, until when, who signed it, and
// whether it still applies (active, expired, revoked). A security officer revokes one with a reason.
import { Ban } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import type { VexRow } from "./pack-types";

const column = createDataTableColumnHelper<VexRow>();
const words = (value: string | null) => (value ? value.replaceAll("_", " ") : "—");
const stateTone: Record<string, BadgeTone> = { active: "ok", expired: "warn", revoked: "bad" };

function RevokeDrawer({ row, returnTo, onClose }: { row: VexRow; returnTo: string; onClose: () => void }) {
  const id = useId();
  const [reason, setReason] = useState("");
  const utils = trpc.useUtils();
  const revoke = trpc.policies.revokeVex.useMutation({
    onSuccess: async () => {
      await utils.policies.invalidate();
      onClose();
    },
  });
  const errors = formErrorsOf(revoke.error);
  return (
    <Drawer
      open
      onClose={onClose}
      title={`Revoke the exception for ${row.vulnerability}`}
      description="The finding counts again from the next evaluation. The exception stays listed as revoked."
      footer={
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Keep it
          </Button>
          <Button type="submit" form={`${id}-form`} variant="danger" aria-disabled={revoke.isPending}>
            Revoke
          </Button>
        </div>
      }
    >
      <form
        id={`${id}-form`}
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (!revoke.isPending) revoke.mutate({ id: row.id, reason });
        }}
      >
        {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
        <TextField
          id={`${id}-reason`}
          label="Why revoke it"
          value={reason}
          onValue={setReason}
          error={errors.fields.reason}
          required
          autoFocus
        />
      </form>
    </Drawer>
  );
}

export function VexExceptions({ canRevoke, returnTo }: { canRevoke: boolean; returnTo: string }) {
  const vex = trpc.policies.vex.useQuery();
  const [revoking, setRevoking] = useState<VexRow | null>(null);
  const columns = useMemo(() => {
    const base = [
      column.accessor("vulnerability", {
        header: "Vulnerability",
        meta: { rowHeader: true },
        cell: (info) => <span className="font-mono text-xs font-medium">{info.getValue()}</span>,
      }),
      column.accessor("status", {
        header: "Status",
        cell: (info) => words(info.getValue()),
      }),
      column.display({
        id: "why",
        header: "Justification",
        meta: { className: "max-w-72" },
        cell: (info) => (
          <span className="flex flex-col gap-0.5">
            <span>{words(info.row.original.justification)}</span>
            {info.row.original.impactStatement ? (
              <span className="text-xs text-fg-muted">“{info.row.original.impactStatement}”</span>
            ) : null}
          </span>
        ),
      }),
      column.accessor("scope", { header: "Scope" }),
      column.accessor("expiresAt", {
        header: "Expires",
        cell: (info) => (info.getValue() ? formatDateTime(info.getValue() as Date) : "never"),
      }),
      column.display({
        id: "signed",
        header: "Signed by",
        cell: (info) => (
          <span className="flex flex-col gap-0.5">
            <span>{info.row.original.createdByName}</span>
            {/* the key's full id is long; its start tells keys apart, the full one is in the title */}
            <span className="font-mono text-xs text-fg-muted" title={info.row.original.keyId}>
              {info.row.original.keyId.slice(0, 19)}…
            </span>
          </span>
        ),
      }),
      column.accessor("state", {
        header: "State",
        cell: (info) => (
          <span className="flex flex-col gap-0.5">
            <Badge tone={stateTone[info.getValue()] ?? "neutral"} className="self-start">
              {info.getValue()}
            </Badge>
            {info.row.original.revokedAt ? (
              <span className="text-xs text-fg-muted">
                by {info.row.original.revokedByName}: {info.row.original.revokeReason}
              </span>
            ) : null}
          </span>
        ),
      }),
    ];
    if (!canRevoke) return base;
    return [
      ...base,
      column.display({
        id: "actions",
        header: "Actions",
        cell: (info) =>
          info.row.original.state === "active" ? (
            <Button
              size="sm"
              variant="secondary"
              aria-label={`Revoke the exception for ${info.row.original.vulnerability}`}
              onClick={() => setRevoking(info.row.original)}
            >
              <Ban aria-hidden="true" />
              Revoke
            </Button>
          ) : null,
      }),
    ];
  }, [canRevoke]);
  if (vex.error) return <RequestError error={describeClientError(vex.error)} returnTo={returnTo} />;
  return (
    <>
      <DataTable
        caption="VEX exceptions"
        captionVisible
        columns={columns}
        rows={vex.data ?? []}
        getRowId={(row) => row.id}
        isLoading={!vex.data}
        emptyMessage="No VEX exception yet. A security officer adds one from a finding on a release's page."
        hasNextPage={false}
        hasPreviousPage={false}
        onNextPage={() => {}}
        onPreviousPage={() => {}}
      />
      {revoking ? (
        <RevokeDrawer row={revoking} returnTo={returnTo} onClose={() => setRevoking(null)} />
      ) : null}
    </>
  );
}
