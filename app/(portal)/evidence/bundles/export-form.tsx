"use client";

import { PackageCheck } from "lucide-react";
import Link from "next/link";
import { useId, useState, useSyncExternalStore } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label, Select } from "@/components/ui/input";
import type { BundleSelectionInput, BundleSummary } from "@/server/evidence/bundle/schemas";
import { formatBytes } from "@/server/evidence/format-bytes";
import { EVIDENCE_KINDS, type EvidenceKind, evidenceKindLabels } from "@/server/evidence/vocabulary";
import { fromLocalInputValue, toLocalInputValue } from "../../audit/audit-view";

type Mode = BundleSelectionInput["mode"];

const modeLabels: Record<Mode, string> = {
  release: "Evidence of a release",
  program: "Evidence of a compliance program",
  breakGlassSession: "Evidence of a break-glass session",
  timeRange: "Evidence uploaded in a time range",
  records: "Evidence picked on the evidence page",
};

const subscribeNothing = () => () => {};

/** The selection, once the form holds enough to ask for one; null while something is still to be chosen. */
function selectionOf(state: {
  mode: Mode;
  target: string;
  from: string;
  to: string;
  kinds: EvidenceKind[];
  picked: string[];
}): BundleSelectionInput | null {
  const kinds = state.kinds.length > 0 ? state.kinds : undefined;
  switch (state.mode) {
    case "release":
      return state.target ? { mode: "release", releaseId: state.target, kinds } : null;
    case "program":
      return state.target ? { mode: "program", programId: state.target, kinds } : null;
    case "breakGlassSession":
      return state.target ? { mode: "breakGlassSession", sessionId: state.target, kinds } : null;
    case "timeRange":
      return state.from && state.to ? { mode: "timeRange", from: state.from, to: state.to, kinds } : null;
    case "records":
      return state.picked.length > 0 ? { mode: "records", evidenceIds: state.picked } : null;
  }
}

export function ExportForm({
  picked,
  returnTo,
  onExported,
}: {
  picked: string[];
  returnTo: string;
  onExported: (bundle: BundleSummary) => void;
}) {
  const formId = useId();
  const hydrated = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const [mode, setMode] = useState<Mode>(picked.length > 0 ? "records" : "release");
  const [target, setTarget] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [kinds, setKinds] = useState<EvidenceKind[]>([]);
  const [title, setTitle] = useState("");
  const targets = trpc.evidence.linkTargets.useQuery();
  const utils = trpc.useUtils();
  const selection = selectionOf({ mode, target, from, to, kinds, picked });
  const preview = trpc.evidence.bundles.preview.useQuery(
    { selection: selection as BundleSelectionInput },
    { enabled: selection !== null, retry: false },
  );
  const create = trpc.evidence.bundles.create.useMutation({
    onSuccess: (bundle) => {
      void utils.evidence.bundles.list.invalidate();
      void utils.evidence.list.invalidate();
      onExported(bundle);
    },
  });
  const errors = formErrorsOf(create.error);
  const options =
    mode === "release"
      ? (targets.data?.releases ?? []).map((release) => ({ id: release.id, label: release.label }))
      : mode === "program"
        ? (targets.data?.programs ?? []).map((program) => ({ id: program.id, label: program.name }))
        : mode === "breakGlassSession"
          ? (targets.data?.sessions ?? [])
          : [];
  const previewError = preview.error ? describeClientError(preview.error).message : null;

  return (
    <Card aria-labelledby={`${formId}-title`}>
      <CardHeader>
        <CardTitle id={`${formId}-title`}>Export a bundle</CardTitle>
      </CardHeader>
      <CardBody>
        <form
          id={formId}
          noValidate
          className="grid gap-4 md:grid-cols-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (!selection || !preview.data || create.isPending) return;
            create.mutate({ selection, title: title.trim() || undefined });
          }}
        >
          {errors.alert ? (
            <RequestError className="md:col-span-2" error={errors.alert} returnTo={returnTo} />
          ) : null}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${formId}-mode`}>What to export</Label>
            <Select
              id={`${formId}-mode`}
              value={mode}
              onChange={(event) => {
                setMode(event.target.value as Mode);
                setTarget("");
              }}
            >
              {(Object.keys(modeLabels) as Mode[])
                .filter((value) => value !== "records" || picked.length > 0)
                .map((value) => (
                  <option key={value} value={value}>
                    {modeLabels[value]}
                  </option>
                ))}
            </Select>
          </div>
          {mode === "timeRange" ? (
            <div className="grid grid-cols-2 gap-3">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor={`${formId}-from`}>From</Label>
                <Input
                  id={`${formId}-from`}
                  type="datetime-local"
                  value={hydrated ? toLocalInputValue(from) : ""}
                  onChange={(event) => setFrom(fromLocalInputValue(event.target.value))}
                />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor={`${formId}-to`}>To</Label>
                <Input
                  id={`${formId}-to`}
                  type="datetime-local"
                  value={hydrated ? toLocalInputValue(to) : ""}
                  error={errors.fields.selection}
                  onChange={(event) => setTo(fromLocalInputValue(event.target.value))}
                />
              </div>
            </div>
          ) : mode === "records" ? (
            <p className="self-end text-sm text-fg">
              {picked.length} piece{picked.length === 1 ? "" : "s"} of evidence picked.{" "}
              <Link className="underline underline-offset-2" href="/evidence">
                Pick others
              </Link>
            </p>
          ) : (
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${formId}-target`}>
                {modeLabels[mode].replace("Evidence of a ", "").replace(/^./, (c) => c.toUpperCase())}
              </Label>
              <Select
                id={`${formId}-target`}
                value={target}
                onChange={(event) => setTarget(event.target.value)}
              >
                <option value="">Choose…</option>
                {options.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </Select>
            </div>
          )}
          {mode !== "records" ? (
            <fieldset className="flex flex-col gap-2 md:col-span-2">
              <legend className="mb-1 text-sm font-medium text-fg">Kinds (none ticked: all)</legend>
              <div className="flex flex-wrap gap-x-5 gap-y-2">
                {EVIDENCE_KINDS.map((kind) => (
                  <label key={kind} className="flex items-center gap-2 text-sm text-fg">
                    <input
                      type="checkbox"
                      className="size-4 accent-accent"
                      checked={kinds.includes(kind)}
                      onChange={(event) =>
                        setKinds(
                          event.target.checked ? [...kinds, kind] : kinds.filter((other) => other !== kind),
                        )
                      }
                    />
                    {evidenceKindLabels[kind]}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <div className="flex flex-col gap-1.5 md:col-span-2">
            <Label htmlFor={`${formId}-name`}>Title</Label>
            <Input
              id={`${formId}-name`}
              autoComplete="off"
              maxLength={200}
              value={title}
              placeholder="e.g. Q4 audit: release 1.4.0"
              hint="Shown in VERIFY.md and the manifest; left empty, the selection names it."
              error={errors.fields.title}
              onChange={(event) => setTitle(event.target.value)}
            />
          </div>
          <div className="flex flex-wrap items-center justify-between gap-3 md:col-span-2">
            <p className="text-sm text-fg-muted" aria-live="polite" data-testid="bundle-preview">
              {!selection
                ? "Choose what to export."
                : preview.isFetching
                  ? "Counting…"
                  : previewError
                    ? previewError
                    : preview.data
                      ? `${preview.data.fileCount} file${preview.data.fileCount === 1 ? "" : "s"}, ${formatBytes(preview.data.totalBytes)}: ${Object.entries(
                          preview.data.kinds,
                        )
                          .map(([kind, count]) => `${evidenceKindLabels[kind as EvidenceKind]} ${count}`)
                          .join(", ")}`
                      : ""}
            </p>
            <Button type="submit" aria-disabled={!selection || !preview.data || create.isPending}>
              <PackageCheck aria-hidden="true" />
              {create.isPending ? "Signing and packing…" : "Export bundle"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
