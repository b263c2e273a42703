"use client";

// Editing a requirement's details (implementation reference, sprint, owner, notes, control-framework ids).
// The status has its own select in the table; every change is audited field by field by the server.
import { useId, useState } from "react";
import { TextField } from "@/components/forms/text-field";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/input";
import type { RequirementView } from "@/server/compliance/schemas";
import { RemoveButton } from "./remove-button";

export function RequirementForm({
  requirement,
  slug,
  returnTo,
  onDone,
}: {
  requirement: RequirementView;
  slug: string;
  returnTo: string;
  onDone: () => void;
}) {
  const id = useId();
  const [implementation, setImplementation] = useState(requirement.implementation);
  const [sprint, setSprint] = useState(requirement.sprint);
  const [owner, setOwner] = useState(requirement.owner);
  const [notes, setNotes] = useState(requirement.notes);
  const [frameworks, setFrameworks] = useState(requirement.frameworks.join(", "));
  const utils = trpc.useUtils();
  const update = trpc.compliance.updateRequirement.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.compliance.get.invalidate({ slug }), utils.compliance.changeLog.invalidate()]);
      onDone();
    },
  });
  const remove = trpc.compliance.removeRequirement.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.compliance.get.invalidate({ slug }), utils.compliance.changeLog.invalidate()]);
      onDone();
    },
  });
  const errors = useFormErrors(update.error);
  return (
    <form
      aria-label={`Edit ${requirement.title}`}
      className="flex flex-col gap-3 rounded-md border border-border bg-surface-muted p-4"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({
          requirementId: requirement.id,
          implementation,
          sprint,
          owner,
          notes,
          frameworks: frameworks
            .split(/[,\s]+/)
            .map((tag) => tag.trim())
            .filter(Boolean),
        });
      }}
    >
      <h4 className="text-sm font-semibold text-fg">Edit “{requirement.title}”</h4>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${id}-implementation`}
          label="Implementation"
          value={implementation}
          onValue={(value) => {
            setImplementation(value);
            errors.clear("implementation");
          }}
          error={errors.fields.implementation}
        />
        <TextField
          id={`${id}-sprint`}
          label="Sprint"
          value={sprint}
          onValue={(value) => {
            setSprint(value);
            errors.clear("sprint");
          }}
          error={errors.fields.sprint}
          hint="A sprint code of a phase decides the level this is needed for; “Existing” means Demo"
        />
        <TextField
          id={`${id}-owner`}
          label="Owner"
          value={owner}
          onValue={(value) => {
            setOwner(value);
            errors.clear("owner");
          }}
          error={errors.fields.owner}
        />
        <TextField
          id={`${id}-frameworks`}
          label="Control frameworks"
          value={frameworks}
          onValue={(value) => {
            setFrameworks(value);
            errors.clear("frameworks");
          }}
          error={errors.fields.frameworks}
          hint="Comma-separated, e.g. SOC2:CC6.1, ISO27001:A.8.24, NIST800-53:SC-12"
        />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor={`${id}-notes`}>Notes</Label>
        <textarea
          id={`${id}-notes`}
          value={notes}
          rows={2}
          onChange={(event) => {
            setNotes(event.target.value);
            errors.clear("notes");
          }}
          className="w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg shadow-sm"
        />
        {errors.fields.notes ? (
          <p className="text-xs font-medium text-bad-fg">{errors.fields.notes}</p>
        ) : null}
      </div>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      {remove.error ? <RequestError error={describeClientError(remove.error)} returnTo={returnTo} /> : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <span className="ml-auto">
          <RemoveButton
            what={`requirement “${requirement.title}”`}
            pending={remove.isPending}
            onRemove={() => remove.mutate({ requirementId: requirement.id })}
          />
        </span>
      </div>
    </form>
  );
}
