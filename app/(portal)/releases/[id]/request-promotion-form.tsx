"use client";

// Asks for the release's next environment. An environment that needs no approval (DEV by default) is promoted
// at once; otherwise the approvers are notified. When the request cannot work (order, verification), the reason
// is shown instead of the button.
import { Send } from "lucide-react";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import type { EnvironmentView } from "@/server/releases/promotion/get-release-promotions";

export function RequestPromotionForm({
  releaseId,
  environment,
  returnTo,
  onDone,
}: {
  releaseId: string;
  environment: EnvironmentView;
  returnTo: string;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [comment, setComment] = useState("");
  const utils = trpc.useUtils();
  const request = trpc.promotions.request.useMutation({
    onSuccess: async (result) => {
      setComment("");
      // the release page's own parts (lane, publication) follow the promotion
      await Promise.all([utils.promotions.invalidate(), utils.releases.invalidate()]);
      onDone(
        result.status === "PROMOTED"
          ? `Promoted to ${result.environment}.`
          : result.held
            ? `Requested ${result.environment}: approved, but ${result.held.message}.`
            : `Requested ${result.environment}: waits for ${result.stillNeeded ?? "approval"}.`,
      );
    },
  });
  const errors = formErrorsOf(request.error);
  const name = environment.environment;
  return (
    <form
      aria-label={`Request promotion to ${name}`}
      noValidate
      className="flex flex-col gap-3 rounded-lg border border-border p-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (!request.isPending)
          request.mutate({ releaseId, environment: name, comment: comment || undefined });
      }}
    >
      <h3 className="text-sm font-semibold text-fg">Next: {name}</h3>
      <p className="text-xs text-fg-muted">
        {environment.requiredApprovals.length === 0
          ? `${name} is promoted as soon as it is requested (no approval)`
          : `${name} needs ${environment.requirement}`}
        {environment.soakMinutes > 0
          ? `, after ${environment.soakMinutes} minutes in the previous environment`
          : ""}
        ; a request stays open {environment.requestTtlHours} hours.
      </p>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      {environment.request.allowed ? (
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-64 flex-1">
            <TextField
              id={`${id}-comment`}
              label="Comment (optional)"
              value={comment}
              placeholder="Change ticket, what was tested"
              error={errors.fields.comment}
              onValue={setComment}
            />
          </div>
          <Button type="submit" aria-disabled={request.isPending}>
            <Send aria-hidden="true" />
            Request promotion to {name}
          </Button>
        </div>
      ) : (
        <p className="text-sm text-fg-muted">Not yet: {environment.request.reason}</p>
      )}
    </form>
  );
}
