"use client";

// One open promotion request: who asked and when it expires, each required role with who approved in it and what
// is still needed, every decision so far (void ones marked), and this person's decision form. Enter in the comment
// approves; rejecting needs a comment. A stale sign-in is refused by the server with a link to confirm it's you,
// and the requester's own approval is refused with the reason. An approved request held by a soak or a freeze
// offers "Promote now" once the gate is open, and, under a break-glass grant, promotion through the freeze.
import { Check, CircleCheck, CircleDashed, Rocket, Siren, X } from "lucide-react";
import { useId, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { Countdown } from "@/components/status/countdown";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DecisionResult } from "@/server/releases/promotion/decide-promotion";
import type { EnvironmentView, RequestView } from "@/server/releases/promotion/get-release-promotions";

type Props = {
  environment: EnvironmentView;
  request: RequestView;
  releaseLabel: string;
  returnTo: string;
  onDone: (message: string) => void;
};

function outcomeMessage(result: DecisionResult, releaseLabel: string): string {
  if (result.status === "PROMOTED") return `${releaseLabel} promoted to ${result.environment}.`;
  if (result.status === "REJECTED") return `Rejected the ${result.environment} promotion of ${releaseLabel}.`;
  if (result.held) return `Approved. The promotion waits: ${result.held.message}.`;
  return `Approved as ${result.role.replace("_", " ").toLowerCase()}. ${result.environment} still needs ${result.stillNeeded ?? "nothing"}.`;
}

function Requirements({ request }: { request: RequestView }) {
  return (
    <ul aria-label="Required approvals" className="flex flex-col gap-1.5">
      {request.requirements.map((line) => {
        const done = line.approvers.length >= line.required;
        return (
          <li key={line.role} className="flex flex-wrap items-center gap-2 text-sm">
            {done ? (
              <CircleCheck className="size-4 text-ok-fg" aria-hidden="true" />
            ) : (
              <CircleDashed className="size-4 text-warn-fg" aria-hidden="true" />
            )}
            <span className="font-medium text-fg">
              {line.required} {line.label.toLowerCase()}
            </span>
            <span className="text-fg-muted">
              {line.approvers.length > 0 ? `approved by ${line.approvers.join(", ")}` : "not yet"}
              {done ? "" : ` (still needed: ${line.required - line.approvers.length})`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Decisions({ request }: { request: RequestView }) {
  if (request.decisions.length === 0) return null;
  return (
    <ol aria-label="Decisions" className="flex flex-col gap-1.5">
      {request.decisions.map((decision) => (
        <li
          key={`${decision.approverName}-${decision.decidedAt.toISOString()}`}
          className="rounded-md border border-border px-3 py-2 text-sm"
        >
          <span className="font-medium">{decision.approverName}</span>{" "}
          {decision.decision === "APPROVE" ? "approved" : "rejected"} as {decision.roleLabel.toLowerCase()}
          <time className="ml-2 text-xs text-fg-muted" dateTime={decision.decidedAt.toISOString()}>
            {formatDateTime(decision.decidedAt)}
          </time>
          {decision.counts ? null : (
            <Badge tone="warn" className="ml-2">
              void: the release changed since
            </Badge>
          )}
          {decision.comment ? <span className="block text-xs text-fg-muted">{decision.comment}</span> : null}
        </li>
      ))}
    </ol>
  );
}

function DecisionForm({ request, releaseLabel, returnTo, onDone }: Omit<Props, "environment">) {
  const id = useId();
  const [comment, setComment] = useState("");
  const [role, setRole] = useState<string>("");
  const utils = trpc.useUtils();
  const done = async (result: DecisionResult) => {
    setComment("");
    // the release page's own parts (lane, publication, gates) follow the promotion
    await Promise.all([
      utils.promotions.invalidate(),
      utils.releases.invalidate(),
      utils.policies.invalidate(),
    ]);
    onDone(outcomeMessage(result, releaseLabel));
  };
  const approve = trpc.promotions.approve.useMutation({ onSuccess: done });
  const reject = trpc.promotions.reject.useMutation({ onSuccess: done });
  const pending = approve.isPending || reject.isPending;
  const errors = formErrorsOf(approve.error ?? reject.error);
  const choices = request.viewer.roleChoices;
  const chosen = choices.length > 1 ? (role as "RELEASE_ENGINEER" | "SECURITY_OFFICER" | "") : "";
  const input = () => ({
    requestId: request.id,
    ...(chosen ? { role: chosen } : {}),
    ...(comment.trim() ? { comment } : {}),
  });
  return (
    <form
      noValidate
      aria-label={`Your decision on ${request.environment}`}
      className="flex flex-col gap-3 rounded-lg border border-border bg-surface-muted p-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (!pending) approve.mutate(input());
      }}
    >
      <h4 className="text-sm font-semibold text-fg">Your decision</h4>
      {request.viewer.why ? (
        <p className="text-sm text-warn-fg">You cannot approve this request: {request.viewer.why}.</p>
      ) : (
        <p className="text-xs text-fg-muted">
          Needs a sign-in within the last 5 minutes. Your approval is bound to this bundle and its
          verification.
        </p>
      )}
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      {choices.length > 1 ? (
        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-sm font-medium text-fg">
            Count my approval as (one person counts once)
          </legend>
          {choices.map((choice) => (
            <label key={choice} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-role`}
                value={choice}
                checked={role === choice}
                onChange={() => setRole(choice)}
              />
              {choice === "RELEASE_ENGINEER" ? "Release engineer" : "Security officer"}
            </label>
          ))}
          {errors.fields.role ? (
            <p className="text-xs font-medium text-bad-fg">{errors.fields.role}</p>
          ) : null}
        </fieldset>
      ) : null}
      <TextField
        id={`${id}-comment`}
        label="Comment"
        value={comment}
        placeholder="What you checked (required to reject)"
        hint="Enter approves"
        error={errors.fields.comment}
        onValue={setComment}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" aria-disabled={pending}>
          <Check aria-hidden="true" />
          Approve
        </Button>
        {request.viewer.canReject ? (
          <Button
            type="button"
            variant="danger"
            aria-disabled={pending}
            onClick={() => {
              if (!pending) reject.mutate({ ...input(), comment });
            }}
          >
            <X aria-hidden="true" />
            Reject
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function HeldActions({ request, returnTo, onDone, releaseLabel }: Omit<Props, "environment">) {
  const utils = trpc.useUtils();
  const done = async (result: { status: string; environment: string }) => {
    // the release page's own parts (lane, publication) follow the promotion
    await Promise.all([utils.promotions.invalidate(), utils.releases.invalidate()]);
    onDone(`${releaseLabel} promoted to ${result.environment}.`);
  };
  // a promotion the gates held records the evaluation that held it: the gates panel shows it
  const promote = trpc.promotions.promote.useMutation({
    onSuccess: done,
    onSettled: () => utils.policies.invalidate(),
  });
  const through = trpc.promotions.promoteThroughFreeze.useMutation({ onSuccess: done });
  const error = formErrorsOf(promote.error ?? through.error).alert;
  if (!request.complete) return null;
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-warn-line bg-warn-soft p-4">
      <p className="text-sm text-warn-fg">
        {request.held?.gate === "policy"
          ? `Approved; the policy gates hold the promotion: ${request.held.message}`
          : request.held
            ? `Approved; the promotion waits: ${request.held.message}.`
            : "Approved; ready to promote."}
      </p>
      {error ? <RequestError error={error} returnTo={returnTo} /> : null}
      <div className="flex flex-wrap gap-2">
        {request.viewer.canPromote ? (
          <Button
            variant="secondary"
            aria-disabled={promote.isPending}
            onClick={() => {
              if (!promote.isPending) promote.mutate({ requestId: request.id });
            }}
          >
            <Rocket aria-hidden="true" />
            Promote now
          </Button>
        ) : null}
        {request.viewer.canOverrideFreeze ? (
          <Button
            variant="danger"
            aria-disabled={through.isPending}
            onClick={() => {
              if (!through.isPending) through.mutate({ requestId: request.id });
            }}
          >
            <Siren aria-hidden="true" />
            Promote through the freeze (break-glass)
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function Withdraw({ request, returnTo, onDone }: Pick<Props, "request" | "returnTo" | "onDone">) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const utils = trpc.useUtils();
  const cancel = trpc.promotions.cancel.useMutation({
    onSuccess: async () => {
      // the release page's own parts (lane, publication) follow the promotion
      await Promise.all([utils.promotions.invalidate(), utils.releases.invalidate()]);
      onDone(`Withdrew the ${request.environment} request.`);
    },
  });
  const errors = formErrorsOf(cancel.error);
  if (!request.viewer.canCancel) return null;
  if (!open) {
    return (
      <Button variant="ghost" size="sm" className="self-start" onClick={() => setOpen(true)}>
        Withdraw request…
      </Button>
    );
  }
  return (
    <form
      noValidate
      aria-label="Withdraw the request"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (!cancel.isPending) cancel.mutate({ requestId: request.id, reason });
      }}
    >
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} className="w-full" /> : null}
      <div className="min-w-64 flex-1">
        <TextField
          id={`${id}-reason`}
          label="Why withdraw it"
          value={reason}
          error={errors.fields.reason}
          onValue={setReason}
          autoFocus
        />
      </div>
      <Button type="submit" variant="secondary" aria-disabled={cancel.isPending}>
        Withdraw
      </Button>
      <Button variant="ghost" onClick={() => setOpen(false)}>
        Keep it
      </Button>
    </form>
  );
}

export function ApprovalPanel({ environment, request, releaseLabel, returnTo, onDone }: Props) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className="flex flex-col gap-3 rounded-lg border border-accent-line p-4"
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={headingId} className="text-sm font-semibold text-fg">
            {request.environment} approval
          </h3>
          <p className="text-xs text-fg-muted">
            Requested by {request.requestedByName}
            {request.via === "api-token" ? " (pipeline)" : ""} on {formatDateTime(request.requestedAt)}
            {request.comment ? `: "${request.comment}"` : ""}. Policy: {environment.requirement}.
          </p>
        </div>
        <span className="text-xs text-fg-muted">
          Expires in <Countdown expiresAt={request.expiresAt.toISOString()} label="Request expires in" />
        </span>
      </header>
      {request.void ? (
        <p
          role="alert"
          className="rounded-md border border-bad-line bg-bad-soft px-3 py-2 text-sm text-bad-fg"
        >
          This request is void: the release changed since it was made (its artifacts or its verification), so
          its approvals no longer count. Request the promotion again.
        </p>
      ) : null}
      <Requirements request={request} />
      <p className="text-sm text-fg">
        {request.stillNeeded ? `Still needed: ${request.stillNeeded}.` : "All required approvals are in."}
      </p>
      <Decisions request={request} />
      {request.viewer.canApprove ? (
        <DecisionForm request={request} releaseLabel={releaseLabel} returnTo={returnTo} onDone={onDone} />
      ) : request.viewer.why && !request.void ? (
        <p className="text-sm text-fg-muted">You cannot decide this request: {request.viewer.why}.</p>
      ) : null}
      <HeldActions request={request} releaseLabel={releaseLabel} returnTo={returnTo} onDone={onDone} />
      <Withdraw request={request} returnTo={returnTo} onDone={onDone} />
    </section>
  );
}
