"use client";

import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label } from "@/components/ui/input";
import { API_TOKEN_MAX_DAYS, API_TOKEN_SCOPES, type ApiTokenScope } from "@/server/api-tokens/policy";
import type { CreatedApiToken } from "@/server/api-tokens/schemas";
import { scopeLabels } from "./api-token-labels";
import { CreatedTokenPanel } from "./created-token-panel";

export type NewApiTokenDrawerProps = { onClose: () => void; returnTo: string };

/** Mount it afresh for each opening: the secret shown after creation must not survive closing the drawer. */
export function NewApiTokenDrawer({ onClose, returnTo }: NewApiTokenDrawerProps) {
  const formId = useId();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiTokenScope[]>(["release:register", "release:read"]);
  const [days, setDays] = useState("90");
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const utils = trpc.useUtils();
  const create = trpc.apiTokens.create.useMutation({
    onSuccess: (result) => {
      setCreated(result);
      void utils.apiTokens.list.invalidate();
    },
  });
  const errors = formErrorsOf(create.error);

  return (
    <Drawer
      open
      onClose={onClose}
      size="lg"
      title={created ? "Token created" : "New API token"}
      description={
        created
          ? "Copy it now into your pipeline's secret store. It is shown once and cannot be recovered."
          : "A bearer token for a CI pipeline calling /api/v1. Give it only the scopes the pipeline needs."
      }
      footer={
        created ? (
          <Button onClick={onClose}>Done</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" form={formId} aria-disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create token"}
            </Button>
          </>
        )
      }
    >
      {created ? (
        <CreatedTokenPanel created={created} />
      ) : (
        <form
          id={formId}
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (create.isPending) return;
            create.mutate({ name, scopes, expiresInDays: Number(days) });
          }}
        >
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${formId}-name`}>Name</Label>
            <Input
              id={`${formId}-name`}
              autoComplete="off"
              value={name}
              hint="The pipeline or repository that will use it, e.g. payments-api release workflow."
              error={errors.fields.name}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <fieldset className="flex flex-col gap-2" aria-invalid={errors.fields.scopes ? true : undefined}>
            <legend className="mb-1 text-sm font-medium text-fg">Scopes</legend>
            {API_TOKEN_SCOPES.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm text-fg">
                <input
                  type="checkbox"
                  className="size-4 accent-accent"
                  checked={scopes.includes(scope)}
                  onChange={(event) =>
                    setScopes(
                      event.target.checked
                        ? API_TOKEN_SCOPES.filter((s) => s === scope || scopes.includes(s))
                        : scopes.filter((s) => s !== scope),
                    )
                  }
                />
                {scopeLabels[scope]} <code className="text-xs text-fg-muted">{scope}</code>
              </label>
            ))}
            {errors.fields.scopes ? (
              <p className="text-xs font-medium text-bad-fg">{errors.fields.scopes}</p>
            ) : null}
          </fieldset>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${formId}-days`}>Expires after (days)</Label>
            <Input
              id={`${formId}-days`}
              type="number"
              inputMode="numeric"
              min={1}
              max={API_TOKEN_MAX_DAYS}
              value={days}
              hint={`At most ${API_TOKEN_MAX_DAYS} days; create a new token before this one expires.`}
              error={errors.fields.expiresInDays}
              onChange={(event) => setDays(event.target.value)}
            />
          </div>
        </form>
      )}
    </Drawer>
  );
}
