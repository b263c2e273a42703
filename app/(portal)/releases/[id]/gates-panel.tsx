"use client";

// The release's policy gates: per environment the latest evaluation (verdict, the one-line summary, each gate with
// its reasons, which pack version, when and why it ran, the digests of every input), the findings with their VEX
// status, and "Evaluate now" for people who may request promotions. A security officer adds an exception from a
// finding's row; the panel then offers to evaluate again, since an exception changes nothing until the gates run.
import { ChevronRight, RefreshCw } from "lucide-react";
import { useId, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { GateVerdictBadge, TRIGGER_LABELS } from "@/components/gates/gate-verdict-badge";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import type { GateEvaluation } from "@/server/gates/evaluate-gates";
import { GateFindings } from "./gate-findings";

type Latest = {
  id: string;
  environment: string;
  trigger: string;
  verdict: string;
  summary: string;
  evaluatedAt: Date;
  actorName: string | null;
  inputsDigest: string;
  result: GateEvaluation | null;
};

const ENVIRONMENTS = ["DEV", "STAGING", "PROD"] as const;
type Environment = (typeof ENVIRONMENTS)[number];

const KIND_LABELS: Record<string, string> = {
  signature: "Signature",
  sbom: "SBOM",
  vulnerabilities: "Vulnerabilities",
  freshness: "Scan freshness",
  custom: "Custom rule",
};

function InputDigests({ evaluation }: { evaluation: Latest }) {
  const digests = evaluation.result?.inputDigests;
  const rows: [string, string][] = [["all inputs", evaluation.inputsDigest]];
  if (digests) {
    rows.push(
      ["pack", digests.pack],
      ["release", digests.release],
      ["artifacts", digests.artifacts],
      ["signatures", digests.signatures],
      ["approvals", digests.approvals],
      ["SBOM", digests.sbom ?? "none"],
      ...digests.scanReports.map((digest, index): [string, string] => [`scan report ${index + 1}`, digest]),
      ...digests.vex.map((digest, index): [string, string] => [`VEX document ${index + 1}`, digest]),
    );
  }
  return (
    <details className="group text-sm">
      <summary className="flex cursor-pointer items-center gap-1 text-fg-muted hover:text-fg">
        <ChevronRight className="size-4 transition-transform group-open:rotate-90" aria-hidden="true" />
        Input digests (SHA-256 of RFC 8785 canonical JSON)
      </summary>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 pl-5 text-xs">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-fg-muted">{term}</dt>
            <dd className="font-mono break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function EnvironmentEvaluation({
  evaluation,
  release,
  canSignVex,
  onExceptionRecorded,
}: {
  evaluation: Latest;
  release: { id: string; product: string; version: string };
  canSignVex: boolean;
  onExceptionRecorded: (environment: Environment, vulnerability: string) => void;
}) {
  const headingId = useId();
  const result = evaluation.result;
  return (
    <section
      aria-labelledby={headingId}
      className="flex flex-col gap-3 rounded-lg border border-border p-4"
      data-environment={evaluation.environment}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={headingId} className="text-base font-semibold text-fg">
          {evaluation.environment}
        </h3>
        <GateVerdictBadge verdict={evaluation.verdict} />
      </div>
      <p
        className={
          evaluation.verdict === "fail"
            ? "rounded-md border border-bad-line bg-bad-soft px-3 py-2 font-medium text-bad-fg"
            : "font-medium text-fg"
        }
      >
        {evaluation.summary}
      </p>
      <p className="text-xs text-fg-muted">
        {result ? (
          <>
            Pack <span className="font-medium text-fg">{result.pack.name}</span> version {result.pack.version}
            {" · "}
          </>
        ) : null}
        Evaluated{" "}
        <time dateTime={evaluation.evaluatedAt.toISOString()}>{formatDateTime(evaluation.evaluatedAt)}</time>{" "}
        {TRIGGER_LABELS[evaluation.trigger] ?? evaluation.trigger}
        {evaluation.actorName ? ` by ${evaluation.actorName}` : ""}
      </p>
      {result && result.gates.length > 0 ? (
        <ul aria-label={`Gates for ${evaluation.environment}`} className="flex flex-col gap-2">
          {result.gates.map((gate) => (
            <li key={gate.id} className="flex flex-col gap-1 rounded-md bg-surface-muted px-3 py-2 text-sm">
              <span className="flex flex-wrap items-center gap-2">
                <GateVerdictBadge verdict={gate.verdict} />
                <span className="font-medium text-fg">{KIND_LABELS[gate.kind] ?? gate.kind}</span>
                <span className="font-mono text-xs text-fg-muted">{gate.id}</span>
                {gate.mode === "warn" ? <span className="text-xs text-fg-muted">(warns only)</span> : null}
              </span>
              <ul className="list-disc pl-6 text-fg-muted">
                {gate.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      {result && result.ignoredVex.length > 0 ? (
        <p className="text-xs text-fg-muted">
          VEX documents not applied:{" "}
          {result.ignoredVex.map((ignored) => `${ignored.documentId} (${ignored.reason})`).join("; ")}
        </p>
      ) : null}
      {result && result.findings.length > 0 ? (
        <GateFindings
          environment={evaluation.environment}
          findings={result.findings}
          release={release}
          canSignVex={canSignVex}
          onRecorded={(vulnerability) =>
            onExceptionRecorded(evaluation.environment as Environment, vulnerability)
          }
        />
      ) : null}
      <InputDigests evaluation={evaluation} />
    </section>
  );
}

type HistoryRow = {
  id: string;
  environment: string;
  trigger: string;
  verdict: string;
  summary: string;
  evaluatedAt: Date;
  actorName: string | null;
};

/** Every recorded evaluation of the release, newest first: what blocked it before and what let it through. */
function EvaluationHistory({ rows }: { rows: HistoryRow[] }) {
  if (rows.length < 2) return null;
  return (
    <details className="group text-sm">
      <summary className="flex cursor-pointer items-center gap-1 text-fg-muted hover:text-fg">
        <ChevronRight className="size-4 transition-transform group-open:rotate-90" aria-hidden="true" />
        All evaluations ({rows.length})
      </summary>
      <ol aria-label="All gate evaluations" className="mt-2 flex flex-col gap-1.5 pl-5">
        {rows.map((row) => (
          <li key={row.id} className="flex flex-wrap items-center gap-2">
            <GateVerdictBadge verdict={row.verdict} />
            <span className="font-medium">{row.environment}</span>
            <time className="text-xs text-fg-muted" dateTime={row.evaluatedAt.toISOString()}>
              {formatDateTime(row.evaluatedAt)}
            </time>
            <span className="text-xs text-fg-muted">
              {TRIGGER_LABELS[row.trigger] ?? row.trigger}
              {row.actorName ? ` by ${row.actorName}` : ""}
            </span>
            <span className="basis-full text-fg-muted">{row.summary}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}

function EvaluateNow({
  releaseId,
  initial,
  returnTo,
}: {
  releaseId: string;
  initial: Environment;
  returnTo: string;
}) {
  const id = useId();
  const [environment, setEnvironment] = useState<Environment>(initial);
  const utils = trpc.useUtils();
  const evaluate = trpc.policies.evaluate.useMutation({
    onSuccess: () =>
      Promise.all([utils.policies.forRelease.invalidate({ releaseId }), utils.promotions.invalidate()]),
  });
  const error = formErrorsOf(evaluate.error).alert;
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (!evaluate.isPending) evaluate.mutate({ releaseId, environment });
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-env`} className="text-sm font-medium text-fg">
          Environment
        </label>
        <Select
          id={`${id}-env`}
          value={environment}
          onChange={(event) => setEnvironment(event.target.value as Environment)}
          className="w-36"
        >
          {ENVIRONMENTS.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" variant="secondary" aria-disabled={evaluate.isPending}>
        <RefreshCw aria-hidden="true" />
        Evaluate now
      </Button>
      {evaluate.data ? (
        <p role="status" className="text-sm text-fg-muted">
          Evaluated {environment}: {evaluate.data.summary}
        </p>
      ) : null}
      {error ? <RequestError error={error} returnTo={returnTo} className="w-full" /> : null}
    </form>
  );
}

export function GatesPanel({
  release,
  canEvaluate,
  canSignVex,
}: {
  release: { id: string; product: string; version: string };
  canEvaluate: boolean;
  canSignVex: boolean;
}) {
  const releaseId = release.id;
  const returnTo = `/releases/${releaseId}`;
  const gates = trpc.policies.forRelease.useQuery({ releaseId }, { refetchInterval: 30_000 });
  const utils = trpc.useUtils();
  const [recorded, setRecorded] = useState<{ environment: Environment; vulnerability: string } | null>(null);
  const again = trpc.policies.evaluate.useMutation({
    onSuccess: async () => {
      setRecorded(null);
      await Promise.all([utils.policies.forRelease.invalidate({ releaseId }), utils.promotions.invalidate()]);
    },
  });
  if (gates.error) return <RequestError error={describeClientError(gates.error)} returnTo={returnTo} />;
  const latest = [...(gates.data?.latest ?? [])].sort(
    (a, b) =>
      ENVIRONMENTS.indexOf(a.environment as Environment) - ENVIRONMENTS.indexOf(b.environment as Environment),
  );
  const againError = formErrorsOf(again.error).alert;
  return (
    <Card aria-labelledby="release-gates">
      <CardHeader>
        <div>
          <CardTitle id="release-gates">Policy gates</CardTitle>
          <p className="mt-1 text-sm text-fg-muted">
            The pack in force decides whether this release may enter an environment; the promotion step
            evaluates the gates again, and a failing gate holds the promotion whatever the approvals say.
          </p>
        </div>
      </CardHeader>
      <CardBody className="flex flex-col gap-4">
        {recorded ? (
          <div
            role="status"
            className="flex flex-wrap items-center gap-3 rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg"
          >
            <span>
              Exception for {recorded.vulnerability} recorded and signed. Open promotion requests it concerns
              were evaluated again with it; every later evaluation applies it too.
            </span>
            {canEvaluate ? (
              <Button
                size="sm"
                onClick={() => {
                  if (!again.isPending) again.mutate({ releaseId, environment: recorded.environment });
                }}
                aria-disabled={again.isPending}
              >
                <RefreshCw aria-hidden="true" />
                Evaluate {recorded.environment} again
              </Button>
            ) : null}
          </div>
        ) : null}
        {againError ? <RequestError error={againError} returnTo={returnTo} /> : null}
        {!gates.data ? (
          <p className="text-sm text-fg-muted">Loading…</p>
        ) : latest.length === 0 ? (
          <p className="text-sm text-fg-muted">
            No evaluation yet. The gates run when a promotion is requested and at the promotion step.
          </p>
        ) : (
          latest.map((evaluation) => (
            <EnvironmentEvaluation
              key={evaluation.id}
              evaluation={evaluation}
              release={release}
              canSignVex={canSignVex}
              onExceptionRecorded={(environment, vulnerability) => {
                setRecorded({ environment, vulnerability });
                // the server evaluated the waiting requests it concerns again: show that evaluation
                void Promise.all([
                  utils.policies.forRelease.invalidate({ releaseId }),
                  utils.promotions.invalidate(),
                ]);
              }}
            />
          ))
        )}
        <EvaluationHistory rows={gates.data?.history ?? []} />
        {canEvaluate ? (
          <EvaluateNow
            releaseId={releaseId}
            initial={(latest.at(-1)?.environment as Environment | undefined) ?? "PROD"}
            returnTo={returnTo}
          />
        ) : null}
      </CardBody>
    </Card>
  );
}
