"use client";

// "Import signed file": a pack file another portal (or this one) exported, a DSSE envelope. It is stored as a new
// version only when its signature verifies against the key registry; otherwise the refusal says why.
import { Upload } from "lucide-react";
import { useId, useState } from "react";
import { FileField } from "@/components/forms/file-field";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";

export function PackImport({
  returnTo,
  onImported,
}: {
  returnTo: string;
  onImported: (name: string) => void;
}) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [comment, setComment] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const utils = trpc.useUtils();
  const importPack = trpc.policies.importPack.useMutation({
    onSuccess: async (version) => {
      setNotice(`Imported ${version.name} v${version.version}: the signature verified.`);
      await utils.policies.invalidate();
      onImported(version.name);
    },
  });
  const errors = formErrorsOf(importPack.error);
  return (
    <Card aria-labelledby="pack-import">
      <CardHeader>
        <CardTitle id="pack-import">Import signed file</CardTitle>
      </CardHeader>
      <CardBody>
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={async (event) => {
            event.preventDefault();
            setNotice(null);
            if (!file || importPack.isPending) return;
            importPack.mutate({ file: await file.text(), comment: comment.trim() || "imported" });
          }}
        >
          {notice ? (
            <p
              role="status"
              className="rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg"
            >
              {notice}
            </p>
          ) : null}
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
          <FileField
            id={`${id}-file`}
            label="Pack file (.dsse.json)"
            required
            accept=".json,application/json"
            error={errors.fields.file}
            onFile={setFile}
          />
          <TextField id={`${id}-comment`} label="Comment" value={comment} onValue={setComment} />
          <Button
            type="submit"
            variant="secondary"
            className="self-start"
            aria-disabled={importPack.isPending}
          >
            <Upload aria-hidden="true" />
            Import
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
