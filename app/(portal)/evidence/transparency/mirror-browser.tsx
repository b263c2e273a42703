"use client";

import { Plus, Stamp } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button, buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { LogSummary } from "@/server/evidence/transparency/schemas";
import { AddLogDrawer } from "./add-log-drawer";
import { AlarmList } from "./alarm-list";
import { LogDrawer } from "./log-drawer";
import { mirrorColumns } from "./mirror-columns";

const noLogs: LogSummary[] = [];

export function MirrorBrowser({ canManage, canVerify }: { canManage: boolean; canVerify: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const openLogId = searchParams.get("log");
  const here = openLogId ? `${pathname}?log=${encodeURIComponent(openLogId)}` : pathname;
  const openLog = (logId: string | null) =>
    router.replace(logId ? `${pathname}?log=${encodeURIComponent(logId)}` : pathname, { scroll: false });

  const logs = trpc.mirror.logs.useQuery();
  const alarms = trpc.mirror.openAlarms.useQuery();
  const [adding, setAdding] = useState(false);
  const logsError = logs.error ? describeClientError(logs.error) : null;
  const rows = logsError ? noLogs : (logs.data ?? noLogs);

  return (
    <>
      <PageHeader
        title="Transparency-log mirror"
        description="The transparency logs the portal follows (a local Rekor mirror, the public Rekor, Go's checksum database). Their checkpoints are taken only with a trusted key and a consistency proof against the one held; entries are verified against the held checkpoint with no network. A log that shows two histories raises an alarm, and both checkpoints are kept."
        actions={
          <>
            <Link className={buttonClasses("secondary")} href="/audit/checkpoints">
              <Stamp aria-hidden="true" />
              Our audit checkpoints
            </Link>
            {canManage ? (
              <Button onClick={() => setAdding(true)}>
                <Plus aria-hidden="true" />
                Follow a log
              </Button>
            ) : null}
          </>
        }
      />
      {alarms.data ? (
        <AlarmList
          alarms={alarms.data}
          canManage={canManage}
          returnTo={here}
          onOpenLog={(logId) => openLog(logId)}
        />
      ) : null}
      {logsError ? <RequestError error={logsError} returnTo={here} className="mb-4" /> : null}
      <DataTable
        caption="Followed transparency logs"
        columns={mirrorColumns}
        rows={rows}
        getRowId={(log) => log.id}
        hasNextPage={false}
        hasPreviousPage={false}
        onNextPage={() => {}}
        onPreviousPage={() => {}}
        isLoading={logs.isFetching}
        emptyMessage={
          logsError
            ? "The logs could not be loaded."
            : canManage
              ? "The mirror follows no log yet: follow one to start."
              : "The mirror follows no log yet."
        }
        onRowActivate={(log) => openLog(log.id)}
        activeRowId={openLogId}
      />
      <LogDrawer
        key={openLogId ?? "none"}
        logId={openLogId}
        canManage={canManage}
        canVerify={canVerify}
        returnTo={here}
        onClose={() => openLog(null)}
      />
      {adding ? (
        <AddLogDrawer
          returnTo={here}
          onClose={() => setAdding(false)}
          onAdded={(logId) => {
            setAdding(false);
            openLog(logId);
          }}
        />
      ) : null}
    </>
  );
}
