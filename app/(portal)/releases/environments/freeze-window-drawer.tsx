"use client";

// Creates a freeze window: an environment takes no promotions from its start to its end (times in the viewer's
// time zone, sent as instants).
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Label, Select } from "@/components/ui/input";

const ENVIRONMENTS = ["DEV", "STAGING", "PROD"] as const;

export function FreezeWindowDrawer({
  open,
  returnTo,
  onClose,
  onSaved,
}: {
  open: boolean;
  returnTo: string;
  onClose: () => void;
  onSaved: (environment: string) => void;
}) {
  const id = useId();
  const [environment, setEnvironment] = useState<(typeof ENVIRONMENTS)[number]>("PROD");
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [reason, setReason] = useState("");
  const create = trpc.promotions.createFreeze.useMutation({
    onSuccess: () => {
      setReason("");
      onSaved(environment);
    },
  });
  const errors = formErrorsOf(create.error);
  const formId = `${id}-form`;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="New freeze window"
      description="Promotions to the environment are refused during the window, except under break-glass."
      footer={
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} aria-disabled={create.isPending}>
            Create freeze window
          </Button>
        </div>
      }
    >
      <form
        id={formId}
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (create.isPending) return;
          create.mutate({
            environment,
            startsAt: startsAt ? new Date(startsAt) : new Date(Number.NaN),
            endsAt: endsAt ? new Date(endsAt) : new Date(Number.NaN),
            reason,
          });
        }}
      >
        {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-environment`}>Environment</Label>
          <Select
            id={`${id}-environment`}
            value={environment}
            error={errors.fields.environment}
            onChange={(event) => setEnvironment(event.target.value as (typeof ENVIRONMENTS)[number])}
          >
            {ENVIRONMENTS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </div>
        <TextField
          id={`${id}-starts`}
          label="Starts"
          type="datetime-local"
          required
          value={startsAt}
          error={errors.fields.startsAt}
          onValue={setStartsAt}
        />
        <TextField
          id={`${id}-ends`}
          label="Ends"
          type="datetime-local"
          required
          value={endsAt}
          error={errors.fields.endsAt}
          onValue={setEndsAt}
        />
        <TextField
          id={`${id}-reason`}
          label="Reason"
          required
          value={reason}
          placeholder="Quarter-end close"
          error={errors.fields.reason}
          onValue={setReason}
        />
      </form>
    </Drawer>
  );
}
