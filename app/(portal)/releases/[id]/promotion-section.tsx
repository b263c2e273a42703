"use client";

// The release's promotion workflow: the lane (where it is, what waits on whom), the verification gate as it stands
// now, the open requests with their approval panels, the next request, the promotion history with attestations,
// and the environment policy. Built for clearing a queue: Enter approves, and after a decision the focus goes to
// "Next waiting" (shortcut n), which opens the oldest release still waiting for this person.
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { useCallback, useRef, useState } from "react";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ApprovalPanel } from "./approval-panel";
import { EnvironmentPolicySummary } from "./environment-policy-summary";
import { NextWaiting } from "./next-waiting";
import { PromotionHistory } from "./promotion-history";
import { PromotionLanes } from "./promotion-lanes";
import { RequestPromotionForm } from "./request-promotion-form";

export function PromotionSection({ releaseId }: { releaseId: string }) {
  const returnTo = `/releases/${releaseId}`;
  const view = trpc.promotions.forRelease.useQuery({ releaseId }, { refetchInterval: 15_000 });
  const [notice, setNotice] = useState<string | null>(null);
  const nextRef = useRef<HTMLAnchorElement>(null);
  const onDone = useCallback((message: string) => {
    setNotice(message);
    // the next thing a release manager does after deciding is the next release
    requestAnimationFrame(() => nextRef.current?.focus());
  }, []);

  if (view.error) {
    return <RequestError error={describeClientError(view.error)} returnTo={returnTo} />;
  }
  const data = view.data;
  if (!data) return null;
  const open = data.environments.flatMap((environment) => (environment.openRequest ? [environment] : []));
  // the one environment a request can go to now: the first not reached, unless it already has an open request
  const firstNotReached = data.environments.find((environment) => !environment.promotion);
  const next = firstNotReached && !firstNotReached.openRequest ? firstNotReached : undefined;
  const label = `${data.release.product} ${data.release.version}`;

  return (
    <Card aria-labelledby="release-promotion">
      <CardHeader>
        <div>
          <CardTitle id="release-promotion">Promotion</CardTitle>
          <p className="mt-1 text-sm text-fg-muted">
            The same bundle (SHA256SUMS {data.release.bundleDigest.slice(0, 12)}…) moves through every
            environment; it is verified again at every decision and promotion.
          </p>
        </div>
        <NextWaiting releaseId={releaseId} linkRef={nextRef} />
      </CardHeader>
      <CardBody className="flex flex-col gap-5">
        {notice ? (
          <p
            role="status"
            className="rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg"
          >
            {notice}
          </p>
        ) : null}

        <PromotionLanes environments={data.environments} label={`Pipeline of ${label}`} />

        <p
          className={
            data.verification.ok
              ? "flex items-start gap-2 text-sm text-fg-muted"
              : "flex items-start gap-2 rounded-md border border-bad-line bg-bad-soft px-3 py-2 text-sm text-bad-fg"
          }
          role={data.verification.ok ? undefined : "alert"}
        >
          {data.verification.ok ? (
            <ShieldCheck className="mt-0.5 size-4 shrink-0 text-ok-fg" aria-hidden="true" />
          ) : (
            <ShieldAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          )}
          <span>
            {data.verification.ok ? "Verified just now against the key registry: " : "Cannot be promoted: "}
            {data.verification.reason}
            {data.verification.changedSinceRegistration
              ? " (the verification differs from the one at registration: requests made before are void)"
              : ""}
          </span>
        </p>

        {open.map((environment) =>
          environment.openRequest ? (
            <ApprovalPanel
              key={environment.openRequest.id}
              environment={environment}
              request={environment.openRequest}
              releaseLabel={label}
              returnTo={returnTo}
              onDone={onDone}
            />
          ) : null,
        )}

        {/* a release that does not verify gets the alert above instead of a form that cannot work */}
        {next && data.viewer.canRequest && data.verification.ok ? (
          <RequestPromotionForm
            releaseId={releaseId}
            environment={next}
            returnTo={returnTo}
            onDone={(message) => setNotice(message)}
          />
        ) : null}

        <PromotionHistory releaseId={releaseId} environments={data.environments} history={data.history} />

        <EnvironmentPolicySummary environments={data.environments} />
      </CardBody>
    </Card>
  );
}
