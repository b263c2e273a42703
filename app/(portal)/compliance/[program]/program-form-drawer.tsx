"use client";

// Editors change a program's version, status or owner; each change supersedes earlier sign-offs like any other.
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import type { ProgramView } from "@/server/compliance/schemas";

export function ProgramFormDrawer({
  program,
  onClose,
  returnTo,
}: {
  program: ProgramView;
  onClose: () => void;
  returnTo: string;
}) {
  const id = useId();
  const [version, setVersion] = useState(program.version);
  const [status, setStatus] = useState(program.status);
  const [owner, setOwner] = useState(program.owner);
  const utils = trpc.useUtils();
  const update = trpc.compliance.updateProgram.useMutation({
    onSuccess: async () => {
      await Promise.all([
        utils.compliance.get.invalidate({ slug: program.slug }),
        utils.compliance.changeLog.invalidate(),
      ]);
      onClose();
    },
  });
  const errors = formErrorsOf(update.error);
  const formId = `${id}-form`;
  return (
    <Drawer
      open
      onClose={onClose}
      title="Edit program"
      description="Version, status and owner. Any change makes current sign-offs superseded."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ slug: program.slug, version, status, owner });
        }}
      >
        {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
        <TextField
          id={`${id}-version`}
          label="Version"
          required
          value={version}
          error={errors.fields.version}
          onValue={setVersion}
        />
        <TextField
          id={`${id}-status`}
          label="Status"
          required
          value={status}
          error={errors.fields.status}
          onValue={setStatus}
        />
        <TextField
          id={`${id}-owner`}
          label="Owner"
          value={owner}
          error={errors.fields.owner}
          onValue={setOwner}
        />
      </form>
    </Drawer>
  );
}
