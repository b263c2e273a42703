"use client";

import { useId, useState } from "react";
import type { ClientErrorInfo } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label, Select } from "@/components/ui/input";
import type { LinkTargets } from "@/server/evidence/find-link-targets";
import { formatBytes } from "@/server/evidence/format-bytes";
import type { UploadEvidenceResult } from "@/server/evidence/schemas";
import {
  EVIDENCE_KINDS,
  type EvidenceKind,
  evidenceKindFormats,
  evidenceKindLabels,
} from "@/server/evidence/vocabulary";

type Refusal = { alert: ClientErrorInfo | null; fields: Record<string, string> };

const noRefusal: Refusal = { alert: null, fields: {} };

/** The route's JSON refusal, split into what goes beside a field and what goes on top. */
async function refusalOf(response: Response): Promise<Refusal> {
  const body = (await response.json().catch(() => null)) as {
    error?: {
      message?: string;
      requestId?: string;
      fieldErrors?: Record<string, string[]>;
      details?: { field?: string } | null;
    };
  } | null;
  const error = body?.error;
  const info: ClientErrorInfo = {
    message: error?.message ?? `The upload failed (HTTP ${response.status})`,
    requestId: error?.requestId ?? null,
    reauthRequired: false,
    fieldErrors: null,
  };
  if (error?.fieldErrors) {
    const fields: Record<string, string> = {};
    for (const [path, messages] of Object.entries(error.fieldErrors)) {
      const field = path.split(".")[0] ?? path;
      if (messages[0] && !(field in fields)) fields[field] = messages[0];
    }
    return { alert: null, fields };
  }
  const field = error?.details?.field;
  if (field === "file" || field === "subjectDigest" || field === "links" || field === "fileName") {
    return { alert: null, fields: { [field === "fileName" ? "file" : field]: info.message } };
  }
  return { alert: info, fields: {} };
}

export function UploadDrawer({
  targets,
  maxUploadBytes,
  returnTo,
  onClose,
  onUploaded,
}: {
  targets: LinkTargets | undefined;
  maxUploadBytes: number;
  returnTo: string;
  onClose: () => void;
  onUploaded: (result: UploadEvidenceResult) => void;
}) {
  const formId = useId();
  const [kind, setKind] = useState<EvidenceKind | "">("");
  const [file, setFile] = useState<File | null>(null);
  const [subjectDigest, setSubjectDigest] = useState("");
  const [description, setDescription] = useState("");
  const [releaseId, setReleaseId] = useState("");
  const [proofArtifactId, setProofArtifactId] = useState("");
  const [sessionId, setSessionId] = useState("");
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>(noRefusal);

  const submit = async () => {
    const fields: Record<string, string> = {};
    if (!kind) fields.kind = "Choose the kind of evidence";
    if (!file) fields.file = "Choose the file to upload";
    else if (file.size === 0) fields.file = "The file is empty";
    else if (file.size > maxUploadBytes)
      fields.file = `The file is ${formatBytes(file.size)}; evidence may be at most ${formatBytes(maxUploadBytes)}`;
    if (Object.keys(fields).length > 0 || !file) {
      setRefusal({ alert: null, fields });
      return;
    }
    const body = new FormData();
    body.set("kind", kind);
    body.set("file", file, file.name);
    if (subjectDigest.trim()) body.set("subjectDigest", subjectDigest.trim());
    if (description.trim()) body.set("description", description.trim());
    if (releaseId) body.set("releaseId", releaseId);
    if (proofArtifactId) body.set("proofArtifactId", proofArtifactId);
    if (sessionId) body.set("breakGlassSessionId", sessionId);
    setPending(true);
    try {
      const response = await fetch("/evidence/upload", { method: "POST", body });
      if (!response.ok) {
        setRefusal(await refusalOf(response));
        return;
      }
      onUploaded((await response.json()) as UploadEvidenceResult);
    } catch {
      setRefusal({
        alert: {
          message: "The portal could not be reached. Check the connection and try again.",
          requestId: null,
          reauthRequired: false,
          fieldErrors: null,
        },
        fields: {},
      });
    } finally {
      setPending(false);
    }
  };
  const clear = (field: string) => {
    if (refusal.fields[field]) setRefusal({ ...refusal, fields: { ...refusal.fields, [field]: "" } });
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size="lg"
      title="Upload evidence"
      description="The bytes are stored under their SHA-256 and never change. The same file of the same kind about the same subject is one piece of evidence: uploading it again adds links, nothing else."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} aria-disabled={pending}>
            {pending ? "Uploading…" : "Upload"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (!pending) void submit();
        }}
      >
        {refusal.alert ? <RequestError error={refusal.alert} returnTo={returnTo} /> : null}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-kind`} required>
            Kind
          </Label>
          <Select
            id={`${formId}-kind`}
            required
            value={kind}
            error={refusal.fields.kind || undefined}
            hint={kind ? `Expected: ${evidenceKindFormats[kind]}` : undefined}
            onChange={(event) => {
              setKind(event.target.value as EvidenceKind | "");
              clear("kind");
              clear("file");
            }}
          >
            <option value="">Choose…</option>
            {EVIDENCE_KINDS.map((value) => (
              <option key={value} value={value}>
                {evidenceKindLabels[value]}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-file`} required>
            File
          </Label>
          <Input
            id={`${formId}-file`}
            type="file"
            required
            className="py-1.5"
            error={refusal.fields.file || undefined}
            hint={`At most ${formatBytes(maxUploadBytes)}. JSON is checked: an SBOM must parse as CycloneDX or SPDX.`}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              clear("file");
            }}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-subject`}>Subject digest</Label>
          <Input
            id={`${formId}-subject`}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            placeholder="sha256:…"
            value={subjectDigest}
            error={refusal.fields.subjectDigest || undefined}
            hint="What this evidence is about, e.g. the digest of the image or artifact an SBOM describes."
            onChange={(event) => {
              setSubjectDigest(event.target.value);
              clear("subjectDigest");
            }}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-description`}>Description</Label>
          <textarea
            id={`${formId}-description`}
            rows={2}
            maxLength={2000}
            value={description}
            className="block w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg shadow-sm"
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-medium text-fg">Links</legend>
          {refusal.fields.links ? (
            <p className="text-xs font-medium text-bad-fg">{refusal.fields.links}</p>
          ) : null}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${formId}-release`}>Release</Label>
            <Select
              id={`${formId}-release`}
              value={releaseId}
              onChange={(event) => setReleaseId(event.target.value)}
            >
              <option value="">None</option>
              {targets?.releases.map((release) => (
                <option key={release.id} value={release.id}>
                  {release.label}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${formId}-proof`}>Compliance proof artifact</Label>
            <Select
              id={`${formId}-proof`}
              value={proofArtifactId}
              onChange={(event) => setProofArtifactId(event.target.value)}
            >
              <option value="">None</option>
              {targets?.programs.map((program) => (
                <optgroup key={program.id} label={program.name}>
                  {program.proofs.map((proof) => (
                    <option key={proof.id} value={proof.id}>
                      {proof.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${formId}-session`}>Break-glass session</Label>
            <Select
              id={`${formId}-session`}
              value={sessionId}
              onChange={(event) => setSessionId(event.target.value)}
            >
              <option value="">None</option>
              {targets?.sessions.map((session) => (
                <option key={session.id} value={session.id}>
                  {session.label}
                </option>
              ))}
            </Select>
          </div>
        </fieldset>
      </form>
    </Drawer>
  );
}
