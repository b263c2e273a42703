"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { Download, LoaderCircle, Radar, ScrollText, Stamp, X } from "lucide-react";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { ConsistencyProofPanel } from "@/components/proofs/consistency-proof-panel";
import { InclusionProofPanel } from "@/components/proofs/inclusion-proof-panel";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import type { CheckpointWithVerdict } from "@/server/audit/checkpoints/schemas";
import { CheckpointDrawer } from "./checkpoint-drawer";
import { checkpointsColumns } from "./checkpoints-columns";

const PAGE_SIZES: ReadonlyArray<number> = [25, 50, 100];
const none: CheckpointWithVerdict[] = [];
const RETURN_TO = "/audit/checkpoints";

export function CheckpointsBrowser({ canSign }: { canSign: boolean }) {
  const pager = useKeysetPager<number>({ pageSize: 25 });
  const list = trpc.checkpoints.list.useQuery(
    { limit: pager.pageSize, before: pager.cursor ?? undefined },
    { placeholderData: keepPreviousData },
  );
  const utils = trpc.useUtils();
  const [notice, setNotice] = useState<string | null>(null);
  const sign = trpc.checkpoints.sign.useMutation({
    onSuccess: (result) => {
      setNotice(
        result.created
          ? `Signed a checkpoint of ${result.checkpoint.treeSize.toLocaleString("en-US")} events.`
          : `Nothing new to sign: the checkpoint of ${result.checkpoint.treeSize.toLocaleString("en-US")} events is the latest.`,
      );
      void utils.checkpoints.invalidate();
      void utils.audit.list.invalidate();
    },
  });
  const [selected, setSelected] = useState<number[]>([]);
  const columns = useMemo(
    () =>
      checkpointsColumns({
        isSelected: (size) => selected.includes(size),
        // two at most: choosing a third replaces the older choice
        toggle: (size) =>
          setSelected((current) =>
            current.includes(size) ? current.filter((s) => s !== size) : [...current, size].slice(-2),
          ),
      }),
    [selected],
  );
  const [open, setOpen] = useState<CheckpointWithVerdict | null>(null);
  const [proveSeq, setProveSeq] = useState("");
  const [proving, setProving] = useState<number | null>(null);
  const seqId = useId();

  const listError = list.error ? describeClientError(list.error) : null;
  const rows = listError ? none : (list.data?.checkpoints ?? none);
  const pair = selected.length === 2 ? [...selected].sort((a, b) => a - b) : null;
  const unsigned = list.data ? list.data.logSize - (list.data.latestTreeSize ?? 0) : 0;

  return (
    <>
      <PageHeader
        title="Audit checkpoints"
        description="The audit log is also an RFC 6962 Merkle tree of its events. Checkpoints sign its size and root with the audit-checkpoint key, in the signed-note format Rekor and Go's checksum database use. Any event can be proven to be in a checkpoint, and any two checkpoints proven consistent, here in your browser or offline with the CLI."
        actions={
          <>
            <Link className={buttonClasses("secondary")} href="/audit">
              <ScrollText aria-hidden="true" />
              Audit log
            </Link>
            <Link className={buttonClasses("secondary")} href="/evidence/transparency">
              <Radar aria-hidden="true" />
              Transparency mirror
            </Link>
            <a
              className={buttonClasses("secondary")}
              href="/keys/trusted-keys.pem?purpose=audit-checkpoint"
              download
            >
              <Download aria-hidden="true" />
              Checkpoint key (PEM)
            </a>
            {canSign ? (
              <Button
                aria-disabled={sign.isPending}
                onClick={() => {
                  if (!sign.isPending) {
                    setNotice(null);
                    sign.mutate();
                  }
                }}
              >
                {sign.isPending ? (
                  <LoaderCircle className="motion-safe:animate-spin" aria-hidden="true" />
                ) : (
                  <Stamp aria-hidden="true" />
                )}
                Make a checkpoint now
              </Button>
            ) : null}
          </>
        }
      />

      <p
        role="status"
        className={
          notice ? "mb-4 rounded-md border border-ok-line bg-ok-soft px-4 py-3 text-sm text-ok-fg" : "sr-only"
        }
      >
        {notice}
      </p>
      {sign.error ? (
        <RequestError error={describeClientError(sign.error)} returnTo={RETURN_TO} className="mb-4" />
      ) : null}
      {listError ? <RequestError error={listError} returnTo={RETURN_TO} className="mb-4" /> : null}

      {list.data ? (
        <p className="mb-4 text-sm text-fg-muted" data-testid="checkpoint-coverage">
          The log holds {list.data.logSize.toLocaleString("en-US")} events;{" "}
          {list.data.latestTreeSize === null
            ? "no checkpoint has been signed yet."
            : `the latest checkpoint covers ${list.data.latestTreeSize.toLocaleString("en-US")}${
                unsigned > 0
                  ? ` (${unsigned.toLocaleString("en-US")} newer, signed at the next checkpoint).`
                  : "."
              }`}{" "}
          Tick two checkpoints to prove them consistent.
        </p>
      ) : null}

      <DataTable
        caption="Audit checkpoints"
        columns={columns}
        rows={rows}
        getRowId={(checkpoint) => checkpoint.id}
        hasNextPage={(list.data?.nextCursor ?? null) !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(list.data?.nextCursor ?? null)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        pageSizeOptions={PAGE_SIZES}
        onPageSizeChange={pager.setPageSize}
        isLoading={list.isFetching}
        emptyMessage={
          listError ? "The checkpoints could not be loaded." : "No checkpoint has been signed yet."
        }
        onRowActivate={setOpen}
        activeRowId={open?.id ?? null}
      />

      {pair ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle>
              Consistency: {pair[0]?.toLocaleString("en-US")} → {pair[1]?.toLocaleString("en-US")} events
            </CardTitle>
            <Button variant="ghost" size="sm" onClick={() => setSelected([])}>
              <X aria-hidden="true" />
              Clear
            </Button>
          </CardHeader>
          <CardBody>
            <ConsistencyProofPanel key={pair.join("-")} size1={pair[0] as number} size2={pair[1] as number} />
          </CardBody>
        </Card>
      ) : null}

      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Prove an event</CardTitle>
        </CardHeader>
        <CardBody className="flex flex-col gap-4">
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              const seq = Number(proveSeq);
              setProving(Number.isSafeInteger(seq) && seq > 0 ? seq : null);
            }}
          >
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={seqId}>Event number</Label>
              <Input
                id={seqId}
                inputMode="numeric"
                value={proveSeq}
                onChange={(event) => setProveSeq(event.target.value)}
                hint="Any event of the audit log; or open one on the audit log page."
                className="w-40"
              />
            </div>
            <Button type="submit" variant="secondary">
              Show its inclusion proof
            </Button>
          </form>
          {proving !== null ? <InclusionProofPanel key={proving} seq={proving} /> : null}
        </CardBody>
      </Card>

      <CheckpointDrawer checkpoint={open} onClose={() => setOpen(null)} />
    </>
  );
}
