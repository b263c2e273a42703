"use client";

// One ceremony: what it will do, who decided what, and (for a custodian who has not decided yet) the approve and
// reject buttons. Each decision needs a sign-in within the last five minutes; the server says so when it is
// older, and RequestError offers the sign-in. The approval that completes an escrow recovery carries the share
// files of the custodians present.
import { Check, X } from "lucide-react";
import { useId, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { Countdown } from "@/components/status/countdown";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label } from "@/components/ui/input";
import type { CeremonyDto } from "@/server/signing/ceremonies/ceremony-views";
import { ceremonyOperationLabels } from "@/server/signing/ceremonies/vocabulary";
import { CeremonyProgress, CeremonyStatusBadge } from "./ceremony-badges";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_minmax(0,1fr)] gap-2 py-1.5 text-sm">
      <dt className="text-fg-muted">{label}</dt>
      <dd className="min-w-0 break-words text-fg">{children}</dd>
    </div>
  );
}

const parameterLabels: Record<string, string> = {
  purpose: "Purpose",
  backend: "Backend",
  label: "Label",
  keyId: "Key id",
  reason: "Reason",
  effectiveAt: "Effective at",
  escrowId: "Escrow split",
  previousKeyId: "Previous key id",
  revokedAt: "Revoked at",
  kekId: "Sealed under",
  sharesUsed: "Shares used",
};

function DecisionForm({
  ceremony,
  returnTo,
  onDecided,
}: {
  ceremony: CeremonyDto;
  returnTo: string;
  onDecided: (message: string) => void;
}) {
  const id = useId();
  const [comment, setComment] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const utils = trpc.useUtils();
  const done = async (after: CeremonyDto) => {
    await Promise.all([utils.ceremonies.invalidate(), utils.keys.invalidate()]);
    onDecided(
      after.status === "executed"
        ? `Executed: ${after.title}. ${after.progress}.`
        : after.status === "failed"
          ? `The ceremony reached ${after.progress} but its execution failed: ${after.failure ?? "unknown error"}`
          : after.status === "rejected"
            ? `Rejected: ${after.title}.`
            : `Approved: ${after.progress}.`,
    );
  };
  const approve = trpc.ceremonies.approve.useMutation({ onSuccess: done });
  const reject = trpc.ceremonies.reject.useMutation({ onSuccess: done });
  const pending = approve.isPending || reject.isPending;
  const errors = formErrorsOf(approve.error ?? reject.error);
  const needsShares = ceremony.operation === "escrow-recover" && ceremony.viewer.completes;
  return (
    <form
      noValidate
      aria-label="Your decision"
      className="flex flex-col gap-3 rounded-lg border border-border p-4"
      onSubmit={async (event) => {
        event.preventDefault();
        if (pending) return;
        const shares = needsShares ? await Promise.all(files.map((file) => file.text())) : undefined;
        approve.mutate({
          id: ceremony.id,
          ...(comment.trim() ? { comment } : {}),
          ...(shares ? { shares } : {}),
        });
      }}
    >
      <h3 className="text-sm font-semibold text-fg">Your decision</h3>
      <p className="text-xs text-fg-muted">
        {ceremony.viewer.completes
          ? "Your approval is the last one needed: the operation runs as soon as you approve."
          : `Your approval will make it ${ceremony.approvalCount + 1} of ${ceremony.requiredApprovals}.`}{" "}
        A rejection ends the ceremony.
      </p>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      {needsShares ? (
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-shares`} required>
            Share files
          </Label>
          <Input
            id={`${id}-shares`}
            type="file"
            multiple
            accept=".json,application/json"
            hint={`The share files of at least ${ceremony.requiredApprovals} custodians of this escrow. They are used once to rebuild the key and are not kept.`}
            error={errors.fields.shares}
            onChange={(event) => setFiles([...(event.target.files ?? [])])}
          />
        </div>
      ) : null}
      <TextField
        id={`${id}-comment`}
        label="Comment"
        value={comment}
        placeholder="Checked against change ticket CHG-1234"
        error={errors.fields.comment}
        onValue={setComment}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" aria-disabled={pending}>
          <Check aria-hidden="true" />
          Approve
        </Button>
        <Button
          type="button"
          variant="danger"
          aria-disabled={pending}
          onClick={() => {
            if (!pending) reject.mutate({ id: ceremony.id, ...(comment.trim() ? { comment } : {}) });
          }}
        >
          <X aria-hidden="true" />
          Reject
        </Button>
      </div>
    </form>
  );
}

export function CeremonyDrawer({
  id,
  canDecide,
  returnTo,
  onClose,
  onNotice,
}: {
  id: string | null;
  canDecide: boolean;
  returnTo: string;
  onClose: () => void;
  onNotice: (message: string) => void;
}) {
  const detail = trpc.ceremonies.get.useQuery(
    { id: id ?? "" },
    { enabled: id !== null, refetchInterval: 10_000 },
  );
  const ceremony = detail.data;
  const error = detail.error ? describeClientError(detail.error) : null;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="lg"
      title={ceremony ? ceremony.title : "Key ceremony"}
      description={ceremony ? ceremonyOperationLabels[ceremony.operation] : undefined}
    >
      {error ? <RequestError error={error} returnTo={returnTo} /> : null}
      {ceremony ? (
        <div className="flex flex-col gap-5">
          <dl className="divide-y divide-border">
            <Fact label="Status">
              <CeremonyStatusBadge status={ceremony.status} />
            </Fact>
            <Fact label="Progress">
              <CeremonyProgress approvals={ceremony.approvalCount} required={ceremony.requiredApprovals} />
              <span className="mt-1 block text-xs text-fg-muted">
                {ceremony.requiredApprovals} of {ceremony.custodianCount}{" "}
                {ceremony.namedCustodians ? "named custodians" : "security officers"}
                {ceremony.initiatorCounts ? "; the initiator's start counts as the first approval" : ""}
              </span>
            </Fact>
            <Fact label="Reason">{ceremony.reason}</Fact>
            {Object.entries(ceremony.parameters)
              .filter(([name]) => name !== "reason")
              .map(([name, value]) => (
                <Fact key={name} label={parameterLabels[name] ?? name}>
                  <span className={name.endsWith("Id") ? "font-mono text-xs break-all" : undefined}>
                    {String(value)}
                  </span>
                </Fact>
              ))}
            <Fact label="Started">
              {formatDateTime(ceremony.createdAt)} by {ceremony.initiatorName}
            </Fact>
            <Fact label={ceremony.status === "pending" ? "Expires in" : "Expires"}>
              {ceremony.status === "pending" ? (
                <Countdown expiresAt={ceremony.expiresAt.toISOString()} label="Expires in" />
              ) : (
                formatDateTime(ceremony.expiresAt)
              )}
            </Fact>
            {ceremony.closedAt ? <Fact label="Closed">{formatDateTime(ceremony.closedAt)}</Fact> : null}
            {ceremony.result ? (
              <Fact label="Result">
                <ul className="flex flex-col gap-0.5">
                  {Object.entries(ceremony.result).map(([name, value]) => (
                    <li key={name} className="text-xs">
                      <span className="text-fg-muted">{parameterLabels[name] ?? name}: </span>
                      <span className="font-mono break-all">
                        {Array.isArray(value) ? value.join(", ") : String(value)}
                      </span>
                    </li>
                  ))}
                </ul>
              </Fact>
            ) : null}
            {ceremony.failure ? (
              <Fact label="Failure">
                <span className="text-bad-fg">{ceremony.failure}</span>
              </Fact>
            ) : null}
          </dl>

          <section aria-labelledby={`${ceremony.id}-decisions`}>
            <h3 id={`${ceremony.id}-decisions`} className="mb-2 text-sm font-semibold text-fg">
              Decisions
            </h3>
            <ol className="flex flex-col gap-2">
              {ceremony.decisions.map((decision) => (
                <li
                  key={`${decision.userName}-${decision.decidedAt.toISOString()}`}
                  className="rounded-md border border-border px-3 py-2 text-sm"
                >
                  <span className="font-medium">{decision.userName}</span>{" "}
                  {decision.decision === "approve" ? "approved" : "rejected"}
                  <time className="ml-2 text-xs text-fg-muted" dateTime={decision.decidedAt.toISOString()}>
                    {formatDateTime(decision.decidedAt)}
                  </time>
                  {decision.comment ? (
                    <span className="block text-xs text-fg-muted">{decision.comment}</span>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>

          {canDecide && ceremony.viewer.canDecide ? (
            <DecisionForm
              ceremony={ceremony}
              returnTo={returnTo}
              onDecided={(message) => onNotice(message)}
            />
          ) : ceremony.status === "pending" && ceremony.viewer.why ? (
            <p className="text-sm text-fg-muted">You cannot decide this ceremony: {ceremony.viewer.why}.</p>
          ) : null}
        </div>
      ) : null}
    </Drawer>
  );
}
