"use client";

import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label } from "@/components/ui/input";
import { KeyFields } from "./key-fields";

/** Follow a log: its name, the origin its checkpoints carry, a sync URL (optional) and its first trusted key. */
export function AddLogDrawer({
  onClose,
  onAdded,
  returnTo,
}: {
  onClose: () => void;
  onAdded: (logId: string) => void;
  returnTo: string;
}) {
  const formId = useId();
  const [name, setName] = useState("");
  const [origin, setOrigin] = useState("");
  const [url, setUrl] = useState("");
  const [key, setKey] = useState("");
  const [keyName, setKeyName] = useState("");
  const utils = trpc.useUtils();
  const add = trpc.mirror.addLog.useMutation({
    onSuccess: (created) => {
      void utils.mirror.invalidate();
      onAdded(created.id);
    },
  });
  const errors = formErrorsOf(add.error);
  return (
    <Drawer
      open
      onClose={onClose}
      size="lg"
      title="Follow a transparency log"
      description="The mirror takes this log's checkpoints only when they verify with a key trusted here and state this origin."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} aria-disabled={add.isPending}>
            {add.isPending ? "Adding…" : "Add log"}
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
          if (add.isPending) return;
          add.mutate({
            name,
            origin,
            url: url.trim() || undefined,
            key: key.trim() || undefined,
            keyName: keyName.trim() || undefined,
          });
        }}
      >
        {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-name`} required>
            Name
          </Label>
          <Input
            id={`${formId}-name`}
            required
            value={name}
            error={errors.fields.name}
            hint="How people here call it, e.g. Rekor (public good) or Local Rekor mirror."
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-origin`} required>
            Origin
          </Label>
          <Input
            id={`${formId}-origin`}
            required
            value={origin}
            error={errors.fields.origin}
            hint='The first line of its checkpoints, e.g. "rekor.sigstore.dev - 1193050959916656506" or "go.sum database tree".'
            onChange={(event) => setOrigin(event.target.value)}
            className="font-mono"
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-url`}>Sync URL</Label>
          <Input
            id={`${formId}-url`}
            value={url}
            error={errors.fields.url}
            hint="A Rekor-style API (GET /api/v1/log) to sync from; leave empty to feed it by uploads only (air-gapped)."
            onChange={(event) => setUrl(event.target.value)}
          />
        </div>
        <KeyFields
          idPrefix={formId}
          keyText={key}
          keyName={keyName}
          onKeyText={setKey}
          onKeyName={setKeyName}
          errors={errors.fields}
        />
      </form>
    </Drawer>
  );
}
