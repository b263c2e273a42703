"use client";

// Adding the parts of a program: an item, a requirement of an item, a proof artifact of an item, a documentation
// deliverable. The server audits each addition and moves the revision on (earlier sign-offs become superseded).
import { Plus } from "lucide-react";
import { useId, useState } from "react";
import { TextField } from "@/components/forms/text-field";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import {
  READINESS_LEVELS,
  REQUIREMENT_STATUSES,
  type ReadinessLevel,
  type RequirementStatus,
  readinessLevelLabels,
  requirementStatusLabels,
} from "@/server/compliance/schemas";

function useRefresh(slug: string) {
  const utils = trpc.useUtils();
  return () =>
    Promise.all([utils.compliance.get.invalidate({ slug }), utils.compliance.changeLog.invalidate()]);
}

const formClasses = "flex flex-col gap-3 rounded-md border border-border bg-surface-muted p-4";

export function AddRequirementForm({
  slug,
  itemId,
  itemNumber,
  returnTo,
}: {
  slug: string;
  itemId: string;
  itemNumber: number;
  returnTo: string;
}) {
  const id = useId();
  const [title, setTitle] = useState("");
  const [status, setStatus] = useState<RequirementStatus>("TODO");
  const [sprint, setSprint] = useState("");
  const [implementation, setImplementation] = useState("");
  const refresh = useRefresh(slug);
  const add = trpc.compliance.addRequirement.useMutation({
    onSuccess: async () => {
      await refresh();
      setTitle("");
      setSprint("");
      setImplementation("");
      setStatus("TODO");
    },
  });
  const errors = useFormErrors(add.error);
  return (
    <form
      aria-label={`Add a requirement to item ${itemNumber}`}
      className={formClasses}
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({ itemId, title, status, sprint, implementation });
      }}
    >
      <h4 className="text-sm font-semibold text-fg">Add a requirement</h4>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${id}-title`}
          label="Title"
          required
          value={title}
          onValue={(value) => {
            setTitle(value);
            errors.clear("title");
          }}
          error={errors.fields.title}
        />
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-status`}>Status</Label>
          <Select
            id={`${id}-status`}
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as RequirementStatus);
              errors.clear("status");
            }}
            error={errors.fields.status}
          >
            {REQUIREMENT_STATUSES.map((value) => (
              <option key={value} value={value}>
                {requirementStatusLabels[value]}
              </option>
            ))}
          </Select>
        </div>
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
          hint="A sprint code of a phase, or “Existing”"
        />
      </div>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      <div>
        <Button type="submit" size="sm" variant="secondary" disabled={add.isPending}>
          <Plus aria-hidden="true" />
          {add.isPending ? "Adding…" : "Add requirement"}
        </Button>
      </div>
    </form>
  );
}

export function AddProofForm({
  slug,
  itemId,
  itemNumber,
  returnTo,
}: {
  slug: string;
  itemId: string;
  itemNumber: number;
  returnTo: string;
}) {
  const id = useId();
  const [description, setDescription] = useState("");
  const refresh = useRefresh(slug);
  const add = trpc.compliance.addProof.useMutation({
    onSuccess: async () => {
      await refresh();
      setDescription("");
    },
  });
  const errors = useFormErrors(add.error);
  return (
    <form
      aria-label={`Add a proof artifact to item ${itemNumber}`}
      className="flex flex-wrap items-start gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({ itemId, description });
      }}
    >
      <div className="flex min-w-64 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-description`}>New proof artifact</Label>
        <Input
          id={`${id}-description`}
          value={description}
          required
          onChange={(event) => {
            setDescription(event.target.value);
            errors.clear("description");
          }}
          error={errors.fields.description}
          hint="What would prove it, e.g. “Demo verifying image with Wi-Fi off”; attach the evidence afterwards"
        />
      </div>
      <Button type="submit" size="sm" variant="secondary" disabled={add.isPending} className="mt-6">
        <Plus aria-hidden="true" />
        {add.isPending ? "Adding…" : "Add proof artifact"}
      </Button>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} className="w-full" /> : null}
    </form>
  );
}

export function AddItemForm({
  slug,
  returnTo,
  onAdded,
  onCancel,
}: {
  slug: string;
  returnTo: string;
  onAdded: (number: number) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [number, setNumber] = useState("");
  const [title, setTitle] = useState("");
  const [summary, setSummary] = useState("");
  const [whyItMatters, setWhyItMatters] = useState("");
  const [targetLevel, setTargetLevel] = useState<ReadinessLevel>("DEMO");
  const refresh = useRefresh(slug);
  const add = trpc.compliance.addItem.useMutation({
    onSuccess: async (result) => {
      await refresh();
      onAdded(result.number);
    },
  });
  const errors = useFormErrors(add.error);
  return (
    <form
      aria-label="Add an item"
      className={formClasses}
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({
          slug,
          // empty: the server takes the next free number
          number: number.trim() === "" ? undefined : Number(number),
          title,
          summary,
          whyItMatters,
          targetLevel,
        });
      }}
    >
      <h3 className="text-sm font-semibold text-fg">Add an item</h3>
      <div className="grid gap-3 sm:grid-cols-[8rem_1fr_12rem]">
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-number`}>Number</Label>
          <Input
            id={`${id}-number`}
            inputMode="numeric"
            value={number}
            onChange={(event) => {
              setNumber(event.target.value);
              errors.clear("number");
            }}
            error={errors.fields.number}
            hint="Empty: the next one"
          />
        </div>
        <TextField
          id={`${id}-title`}
          label="Title"
          required
          value={title}
          onValue={(value) => {
            setTitle(value);
            errors.clear("title");
          }}
          error={errors.fields.title}
        />
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-target`}>Target</Label>
          <Select
            id={`${id}-target`}
            value={targetLevel}
            onChange={(event) => {
              setTargetLevel(event.target.value as ReadinessLevel);
              errors.clear("targetLevel");
            }}
            error={errors.fields.targetLevel}
          >
            {READINESS_LEVELS.map((level) => (
              <option key={level} value={level}>
                {readinessLevelLabels[level]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${id}-summary`}
          label="Description"
          value={summary}
          onValue={(value) => {
            setSummary(value);
            errors.clear("summary");
          }}
          error={errors.fields.summary}
          hint="The short line of the executive summary"
        />
        <TextField
          id={`${id}-why`}
          label="Why it matters"
          value={whyItMatters}
          onValue={(value) => {
            setWhyItMatters(value);
            errors.clear("whyItMatters");
          }}
          error={errors.fields.whyItMatters}
        />
      </div>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add item"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function AddDeliverableForm({ slug, returnTo }: { slug: string; returnTo: string }) {
  const id = useId();
  const [title, setTitle] = useState("");
  const [path, setPath] = useState("");
  const [status, setStatus] = useState("TODO");
  const refresh = useRefresh(slug);
  const add = trpc.compliance.addDeliverable.useMutation({
    onSuccess: async () => {
      await refresh();
      setTitle("");
      setPath("");
      setStatus("TODO");
    },
  });
  const errors = useFormErrors(add.error);
  return (
    <form
      aria-label="Add a documentation deliverable"
      className="mt-3 flex flex-wrap items-start gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({ slug, title, path, status });
      }}
    >
      <div className="flex min-w-48 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-title`}>Document</Label>
        <Input
          id={`${id}-title`}
          value={title}
          required
          onChange={(event) => {
            setTitle(event.target.value);
            errors.clear("title");
          }}
          error={errors.fields.title}
        />
      </div>
      <div className="flex min-w-48 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-path`}>Path</Label>
        <Input
          id={`${id}-path`}
          value={path}
          onChange={(event) => {
            setPath(event.target.value);
            errors.clear("path");
          }}
          error={errors.fields.path}
        />
      </div>
      <div className="flex w-32 flex-col gap-1">
        <Label htmlFor={`${id}-status`}>Status</Label>
        <Input
          id={`${id}-status`}
          value={status}
          onChange={(event) => {
            setStatus(event.target.value);
            errors.clear("status");
          }}
          error={errors.fields.status}
        />
      </div>
      <Button type="submit" size="sm" variant="secondary" disabled={add.isPending} className="mt-6">
        <Plus aria-hidden="true" />
        {add.isPending ? "Adding…" : "Add deliverable"}
      </Button>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} className="w-full" /> : null}
    </form>
  );
}
