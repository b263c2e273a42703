"use client";

// Open divergence alarms: which log, which two checkpoints conflict (both kept), and, for those who manage the
// mirror, acknowledging one with a note (which silences the banner; the alarm stays on record).
import { ShieldAlert } from "lucide-react";
import { useId, useState } from "react";
import { formatTimestamp } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import type { AlarmView } from "@/server/evidence/transparency/schemas";

export function AlarmList({
  alarms,
  canManage,
  returnTo,
  onOpenLog,
}: {
  alarms: readonly AlarmView[];
  canManage: boolean;
  returnTo: string;
  onOpenLog?: (logId: string) => void;
}) {
  if (alarms.length === 0) return null;
  return (
    <section aria-labelledby="divergence-alarms" className="mb-6 flex flex-col gap-3">
      <h2 id="divergence-alarms" className="flex items-center gap-2 text-base font-semibold text-bad-fg">
        <ShieldAlert className="size-5" aria-hidden="true" />
        Divergence alarms
      </h2>
      {alarms.map((alarm) => (
        <AlarmCard
          key={alarm.id}
          alarm={alarm}
          canManage={canManage}
          returnTo={returnTo}
          onOpenLog={onOpenLog}
        />
      ))}
    </section>
  );
}

function AlarmCard({
  alarm,
  canManage,
  returnTo,
  onOpenLog,
}: {
  alarm: AlarmView;
  canManage: boolean;
  returnTo: string;
  onOpenLog?: (logId: string) => void;
}) {
  const noteId = useId();
  const [note, setNote] = useState("");
  const utils = trpc.useUtils();
  const acknowledge = trpc.mirror.acknowledgeAlarm.useMutation({
    onSuccess: () => void utils.mirror.invalidate(),
  });
  const errors = formErrorsOf(acknowledge.error);
  const open = alarm.acknowledgedAt === null;
  return (
    <article
      aria-label={`Divergence alarm for ${alarm.logName}`}
      className={
        open
          ? "rounded-lg border-2 border-bad-solid bg-bad-soft px-4 py-3 text-sm text-bad-fg"
          : "rounded-lg border border-border bg-surface-muted px-4 py-3 text-sm text-fg-muted"
      }
    >
      <p className="font-semibold">
        {alarm.logName}:{" "}
        {alarm.kind === "root_mismatch" ? "two roots for one tree size" : "history not consistent"}{" "}
        <span className="font-normal">— detected {formatTimestamp(alarm.detectedAt)}</span>
      </p>
      <p className="mt-1">{alarm.detail}</p>
      <p className="mt-1 text-xs">
        Held: size {alarm.trusted.treeSize.toLocaleString("en-US")}, root{" "}
        <code>{alarm.trusted.rootHash}</code>
        <br />
        Conflicting: size {alarm.conflicting.treeSize.toLocaleString("en-US")}, root{" "}
        <code>{alarm.conflicting.rootHash}</code>
      </p>
      {onOpenLog ? (
        <Button variant="ghost" size="sm" className="mt-1 -ml-3" onClick={() => onOpenLog(alarm.logId)}>
          Open the log
        </Button>
      ) : null}
      {!open ? (
        <p className="mt-2 text-xs">
          Acknowledged by {alarm.acknowledgedByName} on{" "}
          {alarm.acknowledgedAt ? formatTimestamp(alarm.acknowledgedAt) : ""}: {alarm.acknowledgement}
        </p>
      ) : canManage ? (
        <form
          className="mt-3 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (!acknowledge.isPending) acknowledge.mutate({ alarmId: alarm.id, note });
          }}
        >
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} className="w-full" /> : null}
          <div className="flex min-w-72 flex-1 flex-col gap-1">
            <Label htmlFor={noteId}>What was found or done</Label>
            <Input
              id={noteId}
              value={note}
              error={errors.fields.note}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <Button type="submit" variant="secondary" aria-disabled={acknowledge.isPending}>
            Acknowledge
          </Button>
        </form>
      ) : null}
    </article>
  );
}
