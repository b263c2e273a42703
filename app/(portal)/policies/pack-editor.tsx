"use client";

// A new version of a pack, written as JSON: "Preview" shows what it would decide for the releases waiting now
// (nothing is stored), "Save version" stores it as the pack's next immutable version with a comment saying what
// changed. Saving does not put a pack in force; the packs table does that.
import { Eye, Save } from "lucide-react";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { GateVerdictBadge } from "@/components/gates/gate-verdict-badge";
import { prettyJson } from "@/components/gates/line-diff";
import { trpc } from "@/components/trpc/client";
import { type ClientErrorInfo, describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/input";
import type { PackRow, PreviewRow } from "./pack-types";

const TEMPLATE = {
  schemaVersion: 1,
  name: "New pack",
  version: 1,
  environments: {
    DEV: [],
    STAGING: [{ id: "signed", kind: "signature", requirePurposes: ["release"] }],
    PROD: [
      { id: "signed", kind: "signature", requirePurposes: ["release"] },
      { id: "vulns", kind: "vulnerabilities", maxCvss: 7.0, maxCount: { critical: 0 } },
    ],
  },
};

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `The pack is not JSON: ${(error as Error).message}` };
  }
}

function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  const blocked = rows.filter((row) => row.verdict === "fail").length;
  return (
    <section aria-labelledby="pack-preview" className="flex flex-col gap-2">
      <h3 id="pack-preview" className="text-sm font-semibold">
        Would block {blocked} of {rows.length} waiting releases
      </h3>
      <div className="overflow-x-auto rounded-md border border-border">
        <table className="w-full text-sm" aria-labelledby="pack-preview">
          <thead className="border-b border-border bg-surface-muted">
            <tr>
              {["Release", "Environment", "Verdict", "Summary"].map((title) => (
                <th key={title} className="px-3 py-2 text-left text-xs font-semibold text-fg-muted uppercase">
                  {title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {rows.map((row) => (
              <tr key={`${row.releaseId}-${row.environment}`}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <a href={`/releases/${row.releaseId}`} className="text-accent hover:underline">
                    {row.product} {row.version}
                  </a>
                </th>
                <td className="px-3 py-2">{row.environment}</td>
                <td className="px-3 py-2">
                  <GateVerdictBadge verdict={row.verdict} />
                </td>
                <td className="px-3 py-2">{row.summary}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-3 py-4 text-center text-fg-muted">
                  No release is waiting for a promotion.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function PackEditor({
  pack,
  returnTo,
  onSaved,
}: {
  pack: PackRow | null;
  returnTo: string;
  onSaved: (name: string) => void;
}) {
  const id = useId();
  const latest = pack?.versions[0];
  const [name, setName] = useState(pack?.name ?? "New pack");
  const [text, setText] = useState(() => prettyJson(latest?.document ?? TEMPLATE));
  const [comment, setComment] = useState("");
  const [localError, setLocalError] = useState<ClientErrorInfo | null>(null);
  const [preview, setPreview] = useState<PreviewRow[] | null>(null);
  const [previewError, setPreviewError] = useState<ClientErrorInfo | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const utils = trpc.useUtils();
  const save = trpc.policies.savePack.useMutation({
    onSuccess: async (version) => {
      setSaved(`Saved ${version.name} v${version.version}.${pack?.active ? " It is in force now." : ""}`);
      setComment("");
      await utils.policies.invalidate();
      onSaved(version.name);
    },
  });
  const errors = formErrorsOf(save.error);
  const documentOrError = () => {
    const parsed = parseJson(text);
    if (!parsed.ok)
      setLocalError({ message: parsed.message, requestId: null, reauthRequired: false, fieldErrors: null });
    else setLocalError(null);
    return parsed.ok ? parsed.value : undefined;
  };
  const runPreview = async () => {
    const document = documentOrError();
    if (document === undefined) return;
    setPreviewError(null);
    try {
      setPreview(await utils.policies.preview.fetch({ document }));
    } catch (error) {
      setPreview(null);
      setPreviewError(describeClientError(error));
    }
  };
  return (
    <Card aria-labelledby="pack-editor">
      <CardHeader>
        <div>
          <CardTitle id="pack-editor">{pack ? `New version of ${pack.name}` : "New pack"}</CardTitle>
          <p className="mt-1 text-sm text-fg-muted">
            Every save is a new version; earlier versions stay as they were. The pack's name and version in
            the document are set by the portal. Needs a sign-in within the last 5 minutes.
          </p>
        </div>
      </CardHeader>
      <CardBody>
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const document = documentOrError();
            if (document !== undefined && !save.isPending) save.mutate({ name, document, comment });
          }}
        >
          {saved ? (
            <p
              role="status"
              className="rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg"
            >
              {saved}
            </p>
          ) : null}
          {localError ? <RequestError error={localError} returnTo={returnTo} /> : null}
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
          <TextField
            id={`${id}-name`}
            label="Pack name"
            value={name}
            onValue={setName}
            error={errors.fields.name}
            hint="An existing name adds a version to that pack; a new name starts a pack"
            required
          />
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${id}-document`} required>
              Pack document (JSON)
            </Label>
            <textarea
              id={`${id}-document`}
              value={text}
              onChange={(event) => setText(event.target.value)}
              rows={18}
              spellCheck={false}
              aria-invalid={errors.fields.document ? true : undefined}
              className="block w-full rounded-md border border-border-strong bg-surface px-3 py-2 font-mono text-xs text-fg shadow-sm"
            />
            {errors.fields.document ? (
              <p className="text-xs font-medium text-bad-fg">{errors.fields.document}</p>
            ) : null}
          </div>
          <TextField
            id={`${id}-comment`}
            label="What changed"
            value={comment}
            onValue={setComment}
            error={errors.fields.comment}
            required
          />
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => void runPreview()}>
              <Eye aria-hidden="true" />
              Preview
            </Button>
            <Button type="submit" aria-disabled={save.isPending}>
              <Save aria-hidden="true" />
              Save version
            </Button>
          </div>
          {previewError ? <RequestError error={previewError} returnTo={returnTo} /> : null}
          {preview ? <PreviewTable rows={preview} /> : null}
        </form>
      </CardBody>
    </Card>
  );
}
