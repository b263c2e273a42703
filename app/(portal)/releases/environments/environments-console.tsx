"use client";

// The promotion policy of each environment and the freeze windows, for everyone with release:read; people with
// policy:manage edit them (each change needs a recent sign-in and is audited).
import { Pencil, Plus, Snowflake, Trash2 } from "lucide-react";
import { useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { EnvironmentPolicyView } from "@/server/releases/environments/find-environments";
import { FreezeWindowDrawer } from "./freeze-window-drawer";
import { PolicyDrawer } from "./policy-drawer";

const RETURN_TO = "/releases/environments";

export function EnvironmentsConsole({ canManage }: { canManage: boolean }) {
  const data = trpc.promotions.environments.useQuery();
  const utils = trpc.useUtils();
  const [editing, setEditing] = useState<EnvironmentPolicyView | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = trpc.promotions.deleteFreeze.useMutation({
    onSuccess: async () => {
      await utils.promotions.invalidate();
      setNotice("Freeze window removed.");
    },
  });
  const removeError = formErrorsOf(remove.error).alert;
  const done = async (message: string) => {
    await utils.promotions.invalidate();
    setNotice(message);
  };

  return (
    <>
      <PageHeader
        title="Environments"
        description="Releases move DEV → STAGING → PROD in this order, each environment under its own approval policy. Freeze windows hold promotions; only a break-glass session with promotion:override-freeze goes through one, and that is recorded with the promotion."
      />
      {notice ? (
        <p role="status" className="rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg">
          {notice}
        </p>
      ) : null}
      {data.error ? <RequestError error={describeClientError(data.error)} returnTo={RETURN_TO} /> : null}

      <Card aria-labelledby="policies-title">
        <CardHeader>
          <CardTitle id="policies-title">Promotion policy</CardTitle>
        </CardHeader>
        <CardBody>
          <table aria-label="Environment policies" className="w-full text-left text-sm">
            <thead className="text-xs text-fg-muted">
              <tr>
                <th className="py-1.5 pr-3 font-medium">Order</th>
                <th className="py-1.5 pr-3 font-medium">Environment</th>
                <th className="py-1.5 pr-3 font-medium">Approvals</th>
                <th className="py-1.5 pr-3 font-medium">Soak after previous</th>
                <th className="py-1.5 pr-3 font-medium">Requests expire after</th>
                <th className="py-1.5 pr-3 font-medium">Last changed</th>
                {canManage ? <th className="py-1.5 font-medium">Edit</th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {(data.data?.policies ?? []).map((policy) => (
                <tr key={policy.environment}>
                  <td className="py-2 pr-3 text-fg-muted">{policy.position}</td>
                  <th scope="row" className="py-2 pr-3 font-semibold">
                    {policy.environment}
                  </th>
                  <td className="py-2 pr-3">{policy.requirement}</td>
                  <td className="py-2 pr-3">
                    {policy.soakMinutes > 0 ? `${policy.soakMinutes} minutes` : "none"}
                  </td>
                  <td className="py-2 pr-3">{policy.requestTtlHours} hours</td>
                  <td className="py-2 pr-3 text-fg-muted">
                    {policy.updatedByName
                      ? `${formatDateTime(policy.updatedAt)} by ${policy.updatedByName}`
                      : "default policy"}
                  </td>
                  {canManage ? (
                    <td className="py-2">
                      <Button variant="ghost" size="sm" onClick={() => setEditing(policy)}>
                        <Pencil aria-hidden="true" />
                        Edit<span className="sr-only"> {policy.environment}</span>
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </CardBody>
      </Card>

      <Card aria-labelledby="freezes-title">
        <CardHeader>
          <div>
            <CardTitle id="freezes-title">Freeze windows</CardTitle>
            <p className="mt-1 text-sm text-fg-muted">
              On and coming windows, and the last ten that ended (kept as history).
            </p>
          </div>
          {canManage ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              New freeze window
            </Button>
          ) : null}
        </CardHeader>
        <CardBody className="flex flex-col gap-3">
          {removeError ? <RequestError error={removeError} returnTo={RETURN_TO} /> : null}
          {(data.data?.freezes ?? []).length === 0 ? (
            <p className="text-sm text-fg-muted">No freeze windows.</p>
          ) : (
            <ul aria-label="Freeze windows" className="flex flex-col gap-2">
              {(data.data?.freezes ?? []).map((freeze) => (
                <li
                  key={freeze.id}
                  className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-border px-3 py-2 text-sm"
                >
                  <span className="flex flex-wrap items-center gap-2">
                    <Snowflake className="size-4 text-info-fg" aria-hidden="true" />
                    <span className="font-semibold">{freeze.environment}</span>
                    <Badge
                      tone={
                        freeze.state === "active" ? "bad" : freeze.state === "upcoming" ? "warn" : "neutral"
                      }
                    >
                      {freeze.state === "active" ? "on now" : freeze.state}
                    </Badge>
                    <span>
                      {formatDateTime(freeze.startsAt)} – {formatDateTime(freeze.endsAt)}
                    </span>
                    <span className="text-fg-muted">
                      {freeze.reason} (by {freeze.createdByName})
                    </span>
                  </span>
                  {canManage && freeze.state !== "ended" ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-disabled={remove.isPending}
                      onClick={() => {
                        if (!remove.isPending) remove.mutate({ id: freeze.id });
                      }}
                    >
                      <Trash2 aria-hidden="true" />
                      {freeze.state === "active" ? "End now" : "Remove"}
                      <span className="sr-only">
                        {" "}
                        the {freeze.environment} freeze from {formatDateTime(freeze.startsAt)}
                      </span>
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>

      <PolicyDrawer
        policy={editing}
        returnTo={RETURN_TO}
        onClose={() => setEditing(null)}
        onSaved={async (environment) => {
          setEditing(null);
          await done(`${environment} policy saved.`);
        }}
      />
      <FreezeWindowDrawer
        open={creating}
        returnTo={RETURN_TO}
        onClose={() => setCreating(false)}
        onSaved={async (environment) => {
          setCreating(false);
          await done(`Freeze window for ${environment} created.`);
        }}
      />
    </>
  );
}
