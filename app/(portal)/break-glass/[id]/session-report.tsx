"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useId, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { Countdown } from "@/components/status/countdown";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { auditActionLabel } from "@/server/audit/action-labels";
import type { SessionView } from "@/server/breakglass/schemas";
import { reviewLabels, statusLabels } from "../session-labels";

type Can = { approve: boolean; revoke: boolean; review: boolean; auditLink: boolean };

const when = (at: Date | null) => (at ? <time dateTime={at.toISOString()}>{formatDateTime(at)}</time> : "—");

export function SessionReportView({
  sessionId,
  viewerId,
  can,
}: {
  sessionId: string;
  viewerId: string;
  can: Can;
}) {
  const here = `/break-glass/${sessionId}`;
  const report = trpc.breakGlass.report.useQuery({ sessionId }, { refetchInterval: 15_000 });
  if (report.error) return <RequestError error={describeClientError(report.error)} returnTo={here} />;
  if (!report.data) return <p className="text-sm text-fg-muted">Loading…</p>;
  const { session, extensions, events } = report.data;
  const own = session.requester.id === viewerId;
  return (
    <>
      <PageHeader
        title={`Break-glass: ${session.requester.name}`}
        description={`${session.reasonLabel} (${session.reasonCode}) · requested ${formatDateTime(session.requestedAt)}`}
        actions={
          <span className="flex items-center gap-2">
            <Badge tone={statusLabels[session.status].tone}>{statusLabels[session.status].label}</Badge>
            {session.review.status ? (
              <Badge tone={reviewLabels[session.review.status].tone}>
                {reviewLabels[session.review.status].label}
              </Badge>
            ) : null}
            {session.review.overdue ? <Badge tone="bad">Review overdue</Badge> : null}
          </span>
        }
      />
      <div className="grid gap-5 lg:grid-cols-3">
        <Card className="lg:col-span-2" aria-labelledby="session-facts">
          <CardHeader>
            <CardTitle id="session-facts">Session</CardTitle>
            {session.status === "ACTIVE" && session.expiresAt ? (
              <Countdown expiresAt={session.expiresAt.toISOString()} label="Session ends in" />
            ) : null}
          </CardHeader>
          <CardBody>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              <Fact term="Justification">{session.justification}</Fact>
              <Fact term="Ticket">{session.ticketRef ?? "—"}</Fact>
              <Fact term="Scopes">
                <span className="flex flex-wrap gap-1">
                  {session.scopes.map((scope) => (
                    <Badge key={scope} tone="info">
                      {scope}
                    </Badge>
                  ))}
                </span>
              </Fact>
              <Fact term="Duration">{session.durationMinutes} minutes</Fact>
              <Fact term="Granted">{grantedText(session)}</Fact>
              <Fact term="Started">{when(session.activatedAt)}</Fact>
              <Fact term="Expires">{when(session.expiresAt)}</Fact>
              <Fact term="Absolute limit">{when(session.hardExpiresAt)}</Fact>
              <Fact term="Exit">
                {session.endedAt ? (
                  <>
                    {statusLabels[session.status].label} {when(session.endedAt)}
                    {session.endedBy ? ` by ${session.endedBy}` : ""}
                    {session.endNote ? ` — ${session.endNote}` : ""}
                  </>
                ) : (
                  "—"
                )}
              </Fact>
              {session.review.status && session.review.status !== "PENDING" ? (
                <Fact term="Review">
                  {reviewLabels[session.review.status].label} by {session.review.by} {when(session.review.at)}
                  {session.review.notes ? ` — ${session.review.notes}` : ""}
                </Fact>
              ) : null}
            </dl>
          </CardBody>
        </Card>
        <div className="flex flex-col gap-5">
          {can.approve && !own && session.status === "PENDING" ? (
            <DecidePanel session={session} here={here} />
          ) : null}
          {can.revoke && session.status === "ACTIVE" ? <RevokePanel session={session} here={here} /> : null}
          {can.review && !own && session.review.status === "PENDING" && session.endedAt ? (
            <ReviewPanel session={session} here={here} />
          ) : null}
        </div>
      </div>
      <Card aria-labelledby="session-extensions">
        <CardHeader>
          <CardTitle id="session-extensions">Extensions ({extensions.length})</CardTitle>
        </CardHeader>
        <CardBody>
          {extensions.length === 0 ? (
            <p className="text-sm text-fg-muted">Not extended.</p>
          ) : (
            <ol className="flex flex-col gap-2 text-sm">
              {extensions.map((extension) => (
                <li key={extension.extendedAt.toISOString()}>
                  {when(extension.extendedAt)} by {extension.by}: {when(extension.fromExpiresAt)} →{" "}
                  {when(extension.toExpiresAt)} — {extension.reason}
                </li>
              ))}
            </ol>
          )}
        </CardBody>
      </Card>
      <Card aria-labelledby="session-trail">
        <CardHeader>
          <CardTitle id="session-trail">Everything done under this session</CardTitle>
          {can.auditLink ? (
            <Link
              href={`/audit?${new URLSearchParams({ subjectType: "breakglass_session", subjectId: session.id })}`}
              className="text-sm font-medium underline underline-offset-2"
            >
              Session events in the audit log
            </Link>
          ) : null}
        </CardHeader>
        <CardBody className="overflow-x-auto p-0">
          <table className="w-full text-sm" aria-labelledby="session-trail">
            <thead className="border-b border-border bg-surface-muted text-left text-xs text-fg-muted">
              <tr>
                <th className="px-5 py-2 font-medium">#</th>
                <th className="px-5 py-2 font-medium">When</th>
                <th className="px-5 py-2 font-medium">Who</th>
                <th className="px-5 py-2 font-medium">What</th>
                <th className="px-5 py-2 font-medium">Kind</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {events.map((event) => (
                <tr key={event.seq}>
                  <td className="px-5 py-2 font-mono text-xs">{event.seq}</td>
                  <td className="px-5 py-2 whitespace-nowrap">{when(event.occurredAt)}</td>
                  <td className="px-5 py-2">{event.actor}</td>
                  <td className="px-5 py-2">
                    {auditActionLabel(event.action)}{" "}
                    <code className="text-xs text-fg-muted">{event.action}</code>
                  </td>
                  <td className="px-5 py-2">
                    {event.underGrant ? <Badge tone="bad">Under break-glass</Badge> : <Badge>Session</Badge>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardBody>
      </Card>
    </>
  );
}

function grantedText(session: SessionView): ReactNode {
  if (!session.approvalRequired) return "self-service (security officers notified)";
  if (session.status === "PENDING")
    return <>waiting for a second person until {when(session.requestExpiresAt)}</>;
  if (session.status === "REQUEST_EXPIRED") return "nobody approved it in time";
  if (session.status === "REJECTED") return `rejected by ${session.decidedBy ?? "—"}`;
  return `approved by ${session.decidedBy ?? "—"}`;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-fg-muted">{term}</dt>
      <dd className="text-fg">{children}</dd>
    </>
  );
}

function useRefreshAll() {
  const router = useRouter();
  const utils = trpc.useUtils();
  return async () => {
    await utils.breakGlass.invalidate();
    await utils.notifications.invalidate();
    router.refresh();
  };
}

function DecidePanel({ session, here }: { session: SessionView; here: string }) {
  const refresh = useRefreshAll();
  const [note, setNote] = useState("");
  const decide = trpc.breakGlass.decide.useMutation({ onSuccess: refresh });
  const errors = formErrorsOf(decide.error);
  return (
    <Card aria-labelledby="decide-title">
      <CardHeader>
        <CardTitle id="decide-title">Approve this request?</CardTitle>
      </CardHeader>
      <CardBody className="flex flex-col gap-3">
        {errors.alert ? <RequestError error={errors.alert} returnTo={here} /> : null}
        <Label htmlFor="decide-note">Note (optional)</Label>
        <Input id="decide-note" value={note} onChange={(event) => setNote(event.target.value)} />
        <div className="flex gap-2">
          <Button onClick={() => decide.mutate({ sessionId: session.id, approve: true, note })}>
            Approve
          </Button>
          <Button
            variant="secondary"
            onClick={() => decide.mutate({ sessionId: session.id, approve: false, note })}
          >
            Reject
          </Button>
        </div>
      </CardBody>
    </Card>
  );
}

function RevokePanel({ session, here }: { session: SessionView; here: string }) {
  const formId = useId();
  const refresh = useRefreshAll();
  const [note, setNote] = useState("");
  const revoke = trpc.breakGlass.revoke.useMutation({ onSuccess: refresh });
  const errors = formErrorsOf(revoke.error);
  return (
    <Card aria-labelledby={`${formId}-title`}>
      <CardHeader>
        <CardTitle id={`${formId}-title`}>Revoke</CardTitle>
      </CardHeader>
      <CardBody>
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!revoke.isPending) revoke.mutate({ sessionId: session.id, note });
          }}
        >
          {errors.alert ? <RequestError error={errors.alert} returnTo={here} /> : null}
          <Label htmlFor={`${formId}-note`}>Why</Label>
          <Input
            id={`${formId}-note`}
            value={note}
            error={errors.fields.note}
            onChange={(event) => setNote(event.target.value)}
          />
          <Button type="submit" variant="danger" aria-disabled={revoke.isPending}>
            Revoke session
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function ReviewPanel({ session, here }: { session: SessionView; here: string }) {
  const formId = useId();
  const refresh = useRefreshAll();
  const [notes, setNotes] = useState("");
  const review = trpc.breakGlass.review.useMutation({ onSuccess: refresh });
  const errors = formErrorsOf(review.error);
  return (
    <Card aria-labelledby={`${formId}-title`}>
      <CardHeader>
        <CardTitle id={`${formId}-title`}>Post-incident review</CardTitle>
      </CardHeader>
      <CardBody className="flex flex-col gap-3">
        {errors.alert ? <RequestError error={errors.alert} returnTo={here} /> : null}
        <Label htmlFor={`${formId}-notes`}>Notes</Label>
        <textarea
          id={`${formId}-notes`}
          rows={3}
          className="block w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg shadow-sm aria-invalid:border-bad-solid"
          aria-invalid={errors.fields.notes ? true : undefined}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
        />
        {errors.fields.notes ? (
          <p className="text-xs font-medium text-bad-fg">{errors.fields.notes}</p>
        ) : null}
        <div className="flex gap-2">
          <Button onClick={() => review.mutate({ sessionId: session.id, outcome: "ACKNOWLEDGED", notes })}>
            Acknowledge
          </Button>
          <Button
            variant="danger"
            onClick={() => review.mutate({ sessionId: session.id, outcome: "FLAGGED", notes })}
          >
            Flag
          </Button>
        </div>
      </CardBody>
    </Card>
  );
}
