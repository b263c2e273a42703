"use client";

// One followed log: its trusted keys, the latest held checkpoint (the largest one not diverged), every checkpoint
// it ever took or refused to trust, the entries verified against them, its alarms, and the ways to feed it:
// sync from its URL, or upload checkpoints and entries (air-gapped).
import { skipToken } from "@tanstack/react-query";
import { LoaderCircle, RefreshCw, Trash2 } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import { formatDateTime, formatTimestamp, shortHash } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { HashLine } from "@/components/proofs/hash-line";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label } from "@/components/ui/input";
import type { LogDetail } from "@/server/evidence/transparency/schemas";
import { AlarmList } from "./alarm-list";
import { EntryForm, ImportCheckpointForm } from "./import-forms";
import { KeyFields } from "./key-fields";
import { CheckpointStatusBadge, sourceText } from "./mirror-badges";

export function LogDrawer({
  logId,
  canManage,
  canVerify,
  returnTo,
  onClose,
}: {
  logId: string | null;
  canManage: boolean;
  canVerify: boolean;
  returnTo: string;
  onClose: () => void;
}) {
  const log = trpc.mirror.log.useQuery(logId === null ? skipToken : { logId });
  return (
    <Drawer
      open={logId !== null}
      onClose={onClose}
      size="lg"
      title={log.data?.name ?? "Transparency log"}
      description={log.data ? <code className="text-xs">{log.data.origin}</code> : undefined}
    >
      {log.data ? (
        <LogDetailView log={log.data} canManage={canManage} canVerify={canVerify} returnTo={returnTo} />
      ) : log.error ? (
        <RequestError error={describeClientError(log.error)} returnTo={returnTo} />
      ) : (
        <p role="status" className="flex items-center gap-2 py-6 text-sm text-fg-muted">
          <LoaderCircle className="size-4 motion-safe:animate-spin" aria-hidden="true" />
          Loading the log…
        </p>
      )}
    </Drawer>
  );
}

function LogDetailView({
  log,
  canManage,
  canVerify,
  returnTo,
}: {
  log: LogDetail;
  canManage: boolean;
  canVerify: boolean;
  returnTo: string;
}) {
  const utils = trpc.useUtils();
  const sync = trpc.mirror.sync.useMutation({ onSettled: () => void utils.mirror.invalidate() });
  return (
    <div className="flex flex-col gap-6">
      <AlarmList
        alarms={log.alarms.filter((alarm) => !alarm.acknowledgedAt)}
        canManage={canManage}
        returnTo={returnTo}
      />

      <Section title="Latest held checkpoint">
        {log.latest ? (
          <div className="flex flex-col gap-2 text-sm">
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{log.latest.treeSize.toLocaleString("en-US")} entries</span>
              <CheckpointStatusBadge status={log.latest.status} />
              <span className="text-fg-muted">
                {sourceText[log.latest.source]} {formatDateTime(log.latest.importedAt)} by{" "}
                {log.latest.importedByName}
                {log.latest.stateTime
                  ? `; the log signed it at ${formatTimestamp(log.latest.stateTime)}`
                  : ""}
              </span>
            </p>
            <HashLine label="Root hash" hash={log.latest.rootHash} />
            <pre className="overflow-auto rounded-md border border-border bg-surface-muted p-3 text-hash whitespace-pre-wrap break-all">
              {log.latest.signedNote}
            </pre>
          </div>
        ) : (
          <p className="text-sm text-fg-muted">No checkpoint yet: sync the log or import one.</p>
        )}
        {canManage && log.url ? (
          <div className="flex flex-wrap items-center gap-2">
            <Button
              variant="secondary"
              size="sm"
              aria-disabled={sync.isPending}
              onClick={() => {
                if (!sync.isPending) sync.mutate({ logId: log.id });
              }}
            >
              <RefreshCw
                className={sync.isPending ? "motion-safe:animate-spin" : undefined}
                aria-hidden="true"
              />
              Sync now from {log.url}
            </Button>
            {sync.data ? (
              <span role="status" className="text-sm text-fg">
                {sync.data.message}
              </span>
            ) : null}
          </div>
        ) : null}
        {sync.error ? <RequestError error={describeClientError(sync.error)} returnTo={returnTo} /> : null}
        {log.lastSyncError ? (
          <p className="text-sm text-bad-fg">Last sync failed: {log.lastSyncError}</p>
        ) : null}
      </Section>

      <Section title="Trusted keys">
        <KeyList log={log} canManage={canManage} returnTo={returnTo} />
      </Section>

      <Section title={`Checkpoints (${log.checkpoints.length})`}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Checkpoints of {log.name}</caption>
          <thead className="text-xs text-fg-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Size
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Root
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Status
              </th>
              <th scope="col" className="py-1 font-medium">
                Came in
              </th>
            </tr>
          </thead>
          <tbody>
            {log.checkpoints.map((checkpoint) => (
              <tr key={checkpoint.id} className="border-t border-border">
                <td className="py-1.5 pr-3 text-right tabular-nums">
                  {checkpoint.treeSize.toLocaleString("en-US")}
                </td>
                <td className="py-1.5 pr-3">
                  <code className="text-hash" title={checkpoint.rootHash}>
                    {shortHash(checkpoint.rootHash)}
                  </code>
                </td>
                <td className="py-1.5 pr-3">
                  <CheckpointStatusBadge status={checkpoint.status} />
                </td>
                <td className="py-1.5 text-fg-muted">
                  {sourceText[checkpoint.source]}, {formatDateTime(checkpoint.importedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title={`Verified entries (${log.entries.length})`}>
        {log.entries.length === 0 ? (
          <p className="text-sm text-fg-muted">None yet.</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm">
            {log.entries.map((entry) => (
              <li key={entry.id}>
                Leaf {entry.leafIndex.toLocaleString("en-US")}
                {entry.logIndex ? ` (log index ${entry.logIndex})` : ""}
                {entry.kind ? `, ${entry.kind}` : ""} — leaf hash{" "}
                <code className="text-hash">{shortHash(entry.leafHash)}</code>, proven in the tree of{" "}
                {entry.treeSize.toLocaleString("en-US")} ({entry.proof.length} hashes),{" "}
                {formatDateTime(entry.verifiedAt)}
              </li>
            ))}
          </ul>
        )}
      </Section>

      {canManage ? (
        <Section title="Import a checkpoint">
          <ImportCheckpointForm logId={log.id} returnTo={returnTo} />
        </Section>
      ) : null}
      {canManage || canVerify ? (
        <Section title="Verify an entry">
          {canManage && log.url ? <FetchEntryForm logId={log.id} returnTo={returnTo} /> : null}
          <EntryForm logId={log.id} returnTo={returnTo} canImport={canManage} canCheck={canVerify} />
        </Section>
      ) : null}
    </div>
  );
}

function KeyList({ log, canManage, returnTo }: { log: LogDetail; canManage: boolean; returnTo: string }) {
  const formId = useId();
  const [key, setKey] = useState("");
  const [keyName, setKeyName] = useState("");
  const utils = trpc.useUtils();
  const add = trpc.mirror.addKey.useMutation({
    onSuccess: () => {
      setKey("");
      setKeyName("");
      void utils.mirror.invalidate();
    },
  });
  const remove = trpc.mirror.removeKey.useMutation({ onSuccess: () => void utils.mirror.invalidate() });
  const errors = formErrorsOf(add.error);
  return (
    <div className="flex flex-col gap-3">
      <ul className="flex flex-col gap-2 text-sm">
        {log.keys.map((key) => (
          <li key={key.id} className="flex flex-wrap items-center gap-2">
            <span className={key.removedAt ? "text-fg-muted line-through" : "font-medium"}>
              {key.keyName}
            </span>
            <code className="text-xs text-fg-muted">{key.keyHash}</code>
            <span className="text-xs text-fg-muted">
              {key.algorithm === "ed25519" ? "Ed25519" : "ECDSA P-256"}
            </span>
            <span className="text-xs text-fg-muted">
              {key.removedAt
                ? `removed ${formatDateTime(key.removedAt)} by ${key.removedByName}`
                : `added ${formatDateTime(key.addedAt)} by ${key.addedByName}`}
            </span>
            {canManage && !key.removedAt ? (
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Stop trusting ${key.keyName} ${key.keyHash}`}
                onClick={() => remove.mutate({ keyId: key.id })}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            ) : null}
          </li>
        ))}
        {log.keys.length === 0 ? (
          <li className="text-fg-muted">No key: no checkpoint can be taken yet.</li>
        ) : null}
      </ul>
      {remove.error ? <RequestError error={describeClientError(remove.error)} returnTo={returnTo} /> : null}
      {canManage ? (
        <form
          aria-label="Trust another key"
          className="flex flex-col gap-3 rounded-md border border-border p-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!add.isPending) add.mutate({ logId: log.id, key, keyName: keyName.trim() || undefined });
          }}
        >
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
          <KeyFields
            idPrefix={formId}
            keyText={key}
            keyName={keyName}
            onKeyText={setKey}
            onKeyName={setKeyName}
            errors={errors.fields}
          />
          <div>
            <Button type="submit" variant="secondary" aria-disabled={add.isPending}>
              Trust this key
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function FetchEntryForm({ logId, returnTo }: { logId: string; returnTo: string }) {
  const id = useId();
  const [index, setIndex] = useState("");
  const utils = trpc.useUtils();
  const fetchEntry = trpc.mirror.syncEntry.useMutation({ onSuccess: () => void utils.mirror.invalidate() });
  const errors = formErrorsOf(fetchEntry.error);
  return (
    <form
      aria-label="Fetch an entry from the log"
      className="mb-4 flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (!fetchEntry.isPending) fetchEntry.mutate({ logId, logIndex: Number(index) });
      }}
    >
      <div className="flex flex-col gap-1">
        <Label htmlFor={id}>Log index</Label>
        <Input
          id={id}
          inputMode="numeric"
          value={index}
          error={errors.fields.logIndex}
          onChange={(event) => setIndex(event.target.value)}
          className="w-40"
        />
      </div>
      <Button type="submit" variant="secondary" aria-disabled={fetchEntry.isPending}>
        Fetch and verify
      </Button>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} className="w-full" /> : null}
      {fetchEntry.data?.map((result) => (
        <p key={result.entry.id} role="status" className="w-full text-sm text-ok-fg">
          {result.message}
        </p>
      ))}
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3">
      <h3 id={id} className="text-sm font-semibold text-fg">
        {title}
      </h3>
      {children}
    </section>
  );
}
