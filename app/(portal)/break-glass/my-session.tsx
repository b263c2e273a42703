"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { Countdown } from "@/components/status/countdown";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import type { SessionView } from "@/server/breakglass/schemas";
import { OpenSessionForm } from "./open-session-form";

const RETURN_TO = "/break-glass";

/** The caller's own session: the open form when there is none, else the countdown with extend and close. */
export function MySession() {
  const mine = trpc.breakGlass.mine.useQuery(undefined, { refetchInterval: 15_000 });
  if (mine.isPending) return null;
  const session = mine.data ?? null;
  if (!session) return <OpenSessionForm />;
  if (session.status === "PENDING") return <PendingRequest session={session} />;
  return <ActiveSession session={session} />;
}

function PendingRequest({ session }: { session: SessionView }) {
  return (
    <Card className="mb-6 border-warn-line" aria-labelledby="my-request-title">
      <CardHeader>
        <CardTitle id="my-request-title">Your request is waiting for a second person</CardTitle>
        <Badge tone="warn">Awaiting approval</Badge>
      </CardHeader>
      <CardBody className="text-sm text-fg-muted">
        {session.scopes.join(", ")} for {session.durationMinutes} minutes. Security officers have been
        notified; the request lapses at {session.requestExpiresAt?.toLocaleTimeString() ?? "its deadline"}.
      </CardBody>
    </Card>
  );
}

function ActiveSession({ session }: { session: SessionView }) {
  const formId = useId();
  const router = useRouter();
  const utils = trpc.useUtils();
  const [minutes, setMinutes] = useState("15");
  const [reason, setReason] = useState("");
  const refresh = async () => {
    await utils.breakGlass.invalidate();
    router.refresh();
  };
  const extend = trpc.breakGlass.extend.useMutation({ onSuccess: refresh });
  const close = trpc.breakGlass.close.useMutation({ onSuccess: refresh });
  const extendErrors = formErrorsOf(extend.error);
  const closeErrors = formErrorsOf(close.error);
  const expiresAt = session.expiresAt ?? new Date(0);
  return (
    <Card className="mb-6 border-bad-solid" aria-labelledby="my-session-title">
      <CardHeader>
        <div>
          <CardTitle id="my-session-title">Your break-glass session</CardTitle>
          <p className="mt-1 text-sm text-fg-muted">
            {session.reasonLabel} · {session.scopes.join(", ")}
          </p>
        </div>
        <Countdown
          expiresAt={expiresAt.toISOString()}
          label="Session ends in"
          className="text-2xl"
          onExpire={() => void refresh()}
        />
      </CardHeader>
      <CardBody className="flex flex-col gap-4">
        {closeErrors.alert ? <RequestError error={closeErrors.alert} returnTo={RETURN_TO} /> : null}
        <div className="flex flex-wrap gap-3">
          <Button
            variant="danger"
            size="lg"
            aria-disabled={close.isPending}
            onClick={() => {
              if (!close.isPending) close.mutate({ sessionId: session.id });
            }}
          >
            {close.isPending ? "Closing…" : "Close session now"}
          </Button>
        </div>
        <form
          id={formId}
          noValidate
          className="flex flex-wrap items-end gap-3 border-t border-border pt-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!extend.isPending) extend.mutate({ sessionId: session.id, minutes: Number(minutes), reason });
          }}
        >
          {extendErrors.alert ? (
            <RequestError error={extendErrors.alert} returnTo={RETURN_TO} className="w-full" />
          ) : null}
          <div className="flex w-32 flex-col gap-1.5">
            <Label htmlFor={`${formId}-minutes`}>Extend by (min)</Label>
            <Input
              id={`${formId}-minutes`}
              type="number"
              min={1}
              value={minutes}
              error={extendErrors.fields.minutes}
              onChange={(event) => setMinutes(event.target.value)}
            />
          </div>
          <div className="flex min-w-64 flex-1 flex-col gap-1.5">
            <Label htmlFor={`${formId}-reason`}>Why more time</Label>
            <Input
              id={`${formId}-reason`}
              value={reason}
              error={extendErrors.fields.reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <Button
            type="submit"
            variant="secondary"
            aria-disabled={extend.isPending || session.extensionsLeft === 0}
          >
            Extend ({session.extensionsLeft} left)
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
