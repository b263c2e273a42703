"use client";

// The mirror's import forms: a checkpoint (file or paste) with the consistency proof that links it to the held
// one, and entries with inclusion proofs (Sigstore bundle, Rekor entry, or the portal's form), imported by those
// who manage the mirror or only checked (auditors). Each answers with what the mirror decided, in words.
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import type { VerificationReport } from "@/server/lib/verification-report";

const areaClass =
  "w-full rounded-md border border-border-strong bg-surface px-3 py-2 font-mono text-xs text-fg shadow-sm";

function FileOrText({
  id,
  label,
  value,
  onValue,
  accept,
  rows,
  error,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  accept: string;
  rows: number;
  error?: string;
  hint: string;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={`${id}-file`}>{label} (file)</Label>
      <Input
        id={`${id}-file`}
        type="file"
        accept={accept}
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (file) onValue(await file.text());
        }}
      />
      <Label htmlFor={id} className="mt-1">
        {label} (or paste)
      </Label>
      <textarea
        id={id}
        value={value}
        rows={rows}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onValue(event.target.value)}
        className={areaClass}
      />
      <p id={`${id}-hint`} className="text-xs text-fg-muted">
        {hint}
      </p>
      {error ? <p className="text-xs font-medium text-bad-fg">{error}</p> : null}
    </div>
  );
}

export function ImportCheckpointForm({ logId, returnTo }: { logId: string; returnTo: string }) {
  const id = useId();
  const [checkpoint, setCheckpoint] = useState("");
  const [proof, setProof] = useState("");
  const utils = trpc.useUtils();
  const importing = trpc.mirror.importCheckpoint.useMutation({
    onSuccess: () => void utils.mirror.invalidate(),
  });
  const errors = formErrorsOf(importing.error);
  const result = importing.data;
  return (
    <form
      aria-label="Import a checkpoint"
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (!importing.isPending)
          importing.mutate({ logId, checkpoint, consistencyProof: proof || undefined });
      }}
    >
      <FileOrText
        id={`${id}-checkpoint`}
        label="Signed checkpoint"
        value={checkpoint}
        onValue={setCheckpoint}
        accept=".txt,.sig,.note,text/plain"
        rows={6}
        error={errors.fields.checkpoint}
        hint="The log's signed note: origin, size, base64 root, blank line, signature lines."
      />
      <FileOrText
        id={`${id}-proof`}
        label="Consistency proof"
        value={proof}
        onValue={setProof}
        accept=".json,.txt,application/json,text/plain"
        rows={3}
        error={errors.fields.consistencyProof}
        hint="Needed when the mirror already holds another size: Rekor's /api/v1/log/proof answer, or one hash per line."
      />
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      {result ? (
        <p
          role="status"
          className={
            result.outcome === "diverged"
              ? "rounded-md border border-bad-line bg-bad-soft px-3 py-2 text-sm text-bad-fg"
              : "rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg"
          }
        >
          {result.outcome === "diverged" ? "Divergence: " : "Imported: "}
          {result.message}
        </p>
      ) : null}
      <div>
        <Button type="submit" aria-disabled={importing.isPending}>
          {importing.isPending ? "Importing…" : "Import checkpoint"}
        </Button>
      </div>
    </form>
  );
}

export function EntryForm({
  logId,
  returnTo,
  canImport,
  canCheck,
}: {
  logId: string;
  returnTo: string;
  canImport: boolean;
  canCheck: boolean;
}) {
  const id = useId();
  const [entry, setEntry] = useState("");
  const utils = trpc.useUtils();
  const importing = trpc.mirror.importEntry.useMutation({ onSuccess: () => void utils.mirror.invalidate() });
  const checking = trpc.mirror.checkEntry.useMutation();
  const errors = formErrorsOf(importing.error ?? checking.error);
  return (
    <form
      aria-label="Verify an entry"
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const submitter = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
        importing.reset();
        checking.reset();
        if (submitter === "import") importing.mutate({ logId, entry });
        else checking.mutate({ logId, entry });
      }}
    >
      <FileOrText
        id={`${id}-entry`}
        label="Entry with inclusion proof"
        value={entry}
        onValue={setEntry}
        accept=".json,application/json"
        rows={6}
        error={errors.fields.entry}
        hint="A Sigstore bundle, a Rekor entry (GET /api/v1/log/entries?logIndex=N), or {leafIndex, treeSize, hashes, body}."
      />
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      {importing.data?.map((result) => (
        <p
          key={result.entry.id}
          role="status"
          className="rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg"
        >
          {result.outcome === "imported" ? "Verified and imported: " : "Already held: "}
          {result.message}
        </p>
      ))}
      {checking.data?.map((report, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one report per entry of the file, in the file's order
        <ReportView key={index} report={report} />
      ))}
      <div className="flex gap-2">
        {canCheck ? (
          <Button type="submit" value="check" variant="secondary" aria-disabled={checking.isPending}>
            Check against the mirror
          </Button>
        ) : null}
        {canImport ? (
          <Button type="submit" value="import" aria-disabled={importing.isPending}>
            Verify and import
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function ReportView({ report }: { report: VerificationReport }) {
  return (
    <div
      role="status"
      className={
        report.ok
          ? "rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg"
          : "rounded-md border border-bad-line bg-bad-soft px-3 py-2 text-sm text-bad-fg"
      }
    >
      <p className="font-medium">
        {report.ok ? "Verified" : "Not verified"}: {report.verdict}
      </p>
      <ul className="mt-1 list-disc pl-5 text-xs">
        {report.steps.map((step) => (
          <li key={step.check}>
            {step.ok ? "ok" : "FAIL"} — {step.check}: {step.detail}
          </li>
        ))}
      </ul>
    </div>
  );
}
