"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { LoaderCircle, ShieldAlert, ShieldCheck, X } from "lucide-react";
import type { ReactNode } from "react";
import { formatTimestamp, shortHash } from "@/components/format/date-time";
import type { ClientErrorInfo } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { AppRouter } from "@/server/trpc/root";

export type ChainVerificationResult = inferRouterOutputs<AppRouter>["audit"]["verifyChain"];

// aria-disabled keeps focus on the button while it runs, so a keyboard user is not dropped to <body>.
export function VerifyChainButton({ running, onVerify }: { running: boolean; onVerify: () => void }) {
  return (
    <Button
      aria-disabled={running}
      onClick={() => {
        if (!running) onVerify();
      }}
    >
      {running ? (
        <LoaderCircle className="motion-safe:animate-spin" aria-hidden="true" />
      ) : (
        <ShieldCheck aria-hidden="true" />
      )}
      Verify chain
    </Button>
  );
}

export type VerifyChainPanelProps = {
  running: boolean;
  result: ChainVerificationResult | undefined;
  error: ClientErrorInfo | null;
  onShowEvent: (seq: number) => void;
  onDismiss: () => void;
  returnTo: string;
};

/** The outcome of the last verification, kept on screen until dismissed: it is the point of the page. */
export function VerifyChainPanel({
  running,
  result,
  error,
  onShowEvent,
  onDismiss,
  returnTo,
}: VerifyChainPanelProps) {
  return (
    <div aria-live="polite" className="empty:hidden mb-4">
      {running ? (
        <Panel tone="neutral">
          <LoaderCircle
            className="size-5 shrink-0 text-fg-muted motion-safe:animate-spin"
            aria-hidden="true"
          />
          <div>
            <p className="font-semibold text-fg">Verifying…</p>
            <p className="text-sm text-fg-muted">
              Recomputing every event's hash and checking that each one points at the one before.
            </p>
          </div>
        </Panel>
      ) : error ? (
        <RequestError error={error} returnTo={returnTo} />
      ) : result ? (
        <ResultPanel result={result} onShowEvent={onShowEvent} onDismiss={onDismiss} />
      ) : null}
    </div>
  );
}

function ResultPanel({
  result,
  onShowEvent,
  onDismiss,
}: {
  result: ChainVerificationResult;
  onShowEvent: (seq: number) => void;
  onDismiss: () => void;
}) {
  const verifiedAt = (
    <time dateTime={result.verifiedAt.toISOString()} title={result.verifiedAt.toISOString()}>
      {formatTimestamp(result.verifiedAt)}
    </time>
  );
  const dismiss = (
    <Button variant="ghost" size="icon" className="-my-1 ml-auto" aria-label="Dismiss" onClick={onDismiss}>
      <X aria-hidden="true" />
    </Button>
  );

  if (result.ok) {
    const head = result.headSeq === null ? "" : `, head #${result.headSeq} ${shortHash(result.headHash)}`;
    return (
      <Panel tone="ok" role="status">
        <ShieldCheck className="size-6 shrink-0 text-ok-solid" aria-hidden="true" />
        <div className="min-w-0">
          <p className="font-semibold">
            Chain intact: {countOf(result.eventsChecked)} verified{head}
          </p>
          <p className="text-sm">Verified at {verifiedAt}.</p>
          {result.headSeq === null ? null : (
            <p className="mt-1 text-xs">
              Head hash: <span className="text-hash select-all">{result.headHash}</span>
            </p>
          )}
        </div>
        {dismiss}
      </Panel>
    );
  }

  return (
    <Panel tone="bad" role="alert">
      <ShieldAlert className="size-6 shrink-0 text-bad-solid" aria-hidden="true" />
      <div className="flex min-w-0 flex-col gap-1">
        <p className="font-semibold">
          Chain broken at event #{result.firstBrokenSeq}: {result.explanation}
        </p>
        <p className="text-sm">
          {countOf(result.eventsChecked)} verified intact before the break. Verified at {verifiedAt}.
        </p>
        <div className="mt-1">
          <Button variant="secondary" size="sm" onClick={() => onShowEvent(result.firstBrokenSeq)}>
            Show event #{result.firstBrokenSeq}
          </Button>
        </div>
      </div>
      {dismiss}
    </Panel>
  );
}

const panelTones = {
  neutral: "border-border bg-surface text-fg",
  ok: "border-ok-line bg-ok-soft text-ok-fg",
  bad: "border-bad-line bg-bad-soft text-bad-fg",
} as const;

function Panel({
  tone,
  role,
  children,
}: {
  tone: keyof typeof panelTones;
  role?: "status" | "alert";
  children: ReactNode;
}) {
  return (
    <div
      role={role}
      className={cn("flex items-start gap-3 rounded-lg border px-4 py-3 shadow-sm", panelTones[tone])}
    >
      {children}
    </div>
  );
}

function countOf(events: number): string {
  return `${events} ${events === 1 ? "event" : "events"}`;
}
