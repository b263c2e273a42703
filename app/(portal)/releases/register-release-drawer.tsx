"use client";

// Registration from the browser, for a release engineer holding a bundle CI did not send: the files go as one
// multipart request to /releases/upload, which streams them to the blob store and verifies them exactly as the
// CI endpoint does (tRPC carries JSON only; artifacts do not belong in a JSON body).
import { useId, useState } from "react";
import { TextField } from "@/components/forms/text-field";
import type { ClientErrorInfo } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label } from "@/components/ui/input";
import { BUNDLE_METADATA_FILES } from "@/server/releases/vocabulary";

type Fields = { product: string; version: string; sourceCommit: string; ciRunId: string; ciRunUrl: string };
const empty: Fields = { product: "", version: "", sourceCommit: "", ciRunId: "", ciRunUrl: "" };

type UploadError = ClientErrorInfo & { fields: Record<string, string> };

async function upload(form: FormData): Promise<{ releaseId: string } | { error: UploadError }> {
  let response: Response;
  try {
    response = await fetch("/releases/upload", { method: "POST", body: form });
  } catch {
    return {
      error: {
        message: "The upload did not reach the portal. Check the connection and try again.",
        requestId: null,
        reauthRequired: false,
        fieldErrors: null,
        fields: {},
      },
    };
  }
  const body = (await response.json().catch(() => null)) as {
    releaseId?: string;
    error?: { message?: string; requestId?: string; fieldErrors?: Record<string, string[]> };
  } | null;
  if (response.ok && body?.releaseId) return { releaseId: body.releaseId };
  const fields: Record<string, string> = {};
  for (const [field, messages] of Object.entries(body?.error?.fieldErrors ?? {})) {
    if (messages[0]) fields[field] = messages[0];
  }
  return {
    error: {
      message:
        Object.keys(fields).length > 0
          ? "Correct the fields marked below; nothing was registered."
          : (body?.error?.message ?? `The upload was refused (HTTP ${response.status})`),
      requestId: body?.error?.requestId ?? null,
      reauthRequired: false,
      fieldErrors: body?.error?.fieldErrors ?? null,
      fields,
    },
  };
}

export function RegisterReleaseDrawer({
  onClose,
  onRegistered,
}: {
  onClose: () => void;
  onRegistered: (releaseId: string) => void;
}) {
  const formId = useId();
  const [fields, setFields] = useState<Fields>(empty);
  const [files, setFiles] = useState<File[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UploadError | null>(null);
  const set = (name: keyof Fields) => (value: string) =>
    setFields((current) => ({ ...current, [name]: value }));
  const bundleFiles = files.filter((file) => BUNDLE_METADATA_FILES.includes(file.name));
  const artifacts = files.filter((file) => !BUNDLE_METADATA_FILES.includes(file.name));
  const hasChecksums = files.some((file) => file.name === "SHA256SUMS");

  const submit = async () => {
    setPending(true);
    setError(null);
    const form = new FormData();
    for (const [name, value] of Object.entries(fields))
      if (value.trim() !== "") form.append(name, value.trim());
    for (const file of bundleFiles) form.append(file.name, file, file.name);
    for (const file of artifacts) form.append("artifact", file, file.name);
    const result = await upload(form);
    setPending(false);
    if ("error" in result) setError(result.error);
    else onRegistered(result.releaseId);
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size="lg"
      title="Register a release"
      description="The bundle is verified against the release keys as it arrives. A version is registered once: the same SHA256SUMS again changes nothing, a different one is refused."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} disabled={pending || !hasChecksums} aria-disabled={pending}>
            {pending ? "Uploading and verifying…" : "Register"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {error ? <RequestError error={error} returnTo="/releases" /> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id={`${formId}-product`}
            label="Product"
            required
            value={fields.product}
            onValue={set("product")}
            placeholder="portal"
            error={error?.fields.product}
          />
          <TextField
            id={`${formId}-version`}
            label="Version"
            required
            value={fields.version}
            onValue={set("version")}
            placeholder="1.4.0"
            hint="Semantic version, no leading v"
            error={error?.fields.version}
          />
        </div>
        <TextField
          id={`${formId}-commit`}
          label="Source commit"
          required
          value={fields.sourceCommit}
          onValue={set("sourceCommit")}
          className="font-mono"
          hint="The full commit id the release was built from"
          error={error?.fields.sourceCommit}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id={`${formId}-run`}
            label="CI run id"
            required
            value={fields.ciRunId}
            onValue={set("ciRunId")}
            error={error?.fields.ciRunId}
          />
          <TextField
            id={`${formId}-run-url`}
            label="CI run URL"
            value={fields.ciRunUrl}
            onValue={set("ciRunUrl")}
            type="url"
            error={error?.fields.ciRunUrl}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-files`} required>
            Bundle files
          </Label>
          <Input
            id={`${formId}-files`}
            type="file"
            multiple
            className="py-1.5"
            onChange={(event) => setFiles([...(event.target.files ?? [])])}
            hint="Select SHA256SUMS, SHA256SUMS.sig and/or manifest.dsse (and public-key.pem if the bundle has one) with the artifacts. Artifacts are registered under their file names; for bundles with folders, CI registers through the API."
          />
        </div>
        {files.length > 0 ? (
          <div className="rounded-md border border-border bg-surface-muted px-3 py-2 text-sm">
            <p className="font-medium text-fg">
              {artifacts.length} artifact{artifacts.length === 1 ? "" : "s"}
              {bundleFiles.length > 0 ? ` · ${bundleFiles.map((file) => file.name).join(", ")}` : ""}
            </p>
            {hasChecksums ? null : (
              <p className="text-warn-fg">SHA256SUMS is missing: it is what the release is.</p>
            )}
          </div>
        ) : null}
      </form>
    </Drawer>
  );
}
