"use client";

import { Siren } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label, Select } from "@/components/ui/input";

/** Few fields, sensible defaults, one big button: this is used at the worst moment. */
export function OpenSessionForm() {
  const formId = useId();
  const router = useRouter();
  const utils = trpc.useUtils();
  const policy = trpc.breakGlass.policy.useQuery();
  const [reasonCode, setReasonCode] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const [minutes, setMinutes] = useState("");
  const [justification, setJustification] = useState("");
  const [ticketRef, setTicketRef] = useState("");
  const open = trpc.breakGlass.open.useMutation({
    onSuccess: async () => {
      await utils.breakGlass.invalidate();
      router.refresh();
    },
  });
  const errors = formErrorsOf(open.error);
  if (!policy.data) return null;
  const { durationMinutes } = policy.data;
  const reason = reasonCode || (policy.data.reasonCodes[0]?.code ?? "");
  const duration = minutes || String(durationMinutes.default);

  return (
    <Card className="mb-6" aria-labelledby={`${formId}-title`}>
      <CardHeader>
        <div>
          <CardTitle id={`${formId}-title`}>Open a break-glass session</CardTitle>
          <p className="mt-1 text-sm text-fg-muted">
            Needs a sign-in within the last {Math.round(policy.data.freshAuthSeconds / 60)} minutes. Scopes
            marked "approval" wait for a second person; the others start at once and security officers are
            told.
          </p>
        </div>
      </CardHeader>
      <CardBody>
        <form
          id={formId}
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (open.isPending) return;
            open.mutate({
              reasonCode: reason,
              scopes,
              durationMinutes: Number(duration),
              justification,
              ticketRef: ticketRef || undefined,
            });
          }}
        >
          {errors.alert ? <RequestError error={errors.alert} returnTo="/break-glass" /> : null}
          <div className="grid gap-4 md:grid-cols-3">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${formId}-reason`}>Reason</Label>
              <Select
                id={`${formId}-reason`}
                value={reason}
                error={errors.fields.reasonCode}
                onChange={(event) => setReasonCode(event.target.value)}
              >
                {policy.data.reasonCodes.map((option) => (
                  <option key={option.code} value={option.code}>
                    {option.label} ({option.code})
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${formId}-minutes`}>Duration (minutes)</Label>
              <Input
                id={`${formId}-minutes`}
                type="number"
                min={durationMinutes.min}
                max={durationMinutes.max}
                value={duration}
                hint={`${durationMinutes.min}–${durationMinutes.max} minutes`}
                error={errors.fields.durationMinutes}
                onChange={(event) => setMinutes(event.target.value)}
              />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${formId}-ticket`}>Ticket (optional)</Label>
              <Input
                id={`${formId}-ticket`}
                value={ticketRef}
                placeholder="INC-1234"
                error={errors.fields.ticketRef}
                onChange={(event) => setTicketRef(event.target.value)}
              />
            </div>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${formId}-justification`}>What is happening</Label>
            <textarea
              id={`${formId}-justification`}
              rows={2}
              className="block w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg shadow-sm aria-invalid:border-bad-solid"
              aria-invalid={errors.fields.justification ? true : undefined}
              aria-describedby={errors.fields.justification ? `${formId}-justification-error` : undefined}
              value={justification}
              onChange={(event) => setJustification(event.target.value)}
            />
            {errors.fields.justification ? (
              <p id={`${formId}-justification-error`} className="text-xs font-medium text-bad-fg">
                {errors.fields.justification}
              </p>
            ) : null}
          </div>
          <fieldset className="flex flex-col gap-2" aria-invalid={errors.fields.scopes ? true : undefined}>
            <legend className="mb-1 text-sm font-medium text-fg">Scopes</legend>
            <div className="grid gap-2 md:grid-cols-2">
              {policy.data.scopes.map((scope) => (
                <label key={scope.permission} className="flex items-start gap-2 text-sm text-fg">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 accent-accent"
                    checked={scopes.includes(scope.permission)}
                    onChange={(event) =>
                      setScopes(
                        event.target.checked
                          ? [...scopes, scope.permission]
                          : scopes.filter((s) => s !== scope.permission),
                      )
                    }
                  />
                  <span>
                    <code className="text-xs">{scope.permission}</code>{" "}
                    <Badge tone={scope.mode === "approval" ? "warn" : "info"}>{scope.mode}</Badge>
                    <span className="block text-xs text-fg-muted">{scope.description}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.fields.scopes ? (
              <p className="text-xs font-medium text-bad-fg">{errors.fields.scopes}</p>
            ) : null}
          </fieldset>
          <div>
            <Button type="submit" size="lg" variant="danger" aria-disabled={open.isPending}>
              <Siren aria-hidden="true" />
              {open.isPending ? "Opening…" : "Open break-glass session"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
