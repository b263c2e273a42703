"use client";

// What happened: each promotion (when, by whom, approvers with their roles, the target path, the attestation to
// download, a break-glass override flagged), then the requests that closed without one (rejected, expired,
// withdrawn or void) with their reasons.
import { Download, Siren } from "lucide-react";
import Link from "next/link";
import { formatDateTime } from "@/components/format/date-time";
import { Badge } from "@/components/ui/badge";
import type { EnvironmentView, RequestView } from "@/server/releases/promotion/get-release-promotions";
import { requestStatusLabels } from "@/server/releases/promotion/vocabulary";

export function PromotionHistory({
  releaseId,
  environments,
  history,
}: {
  releaseId: string;
  environments: EnvironmentView[];
  history: RequestView[];
}) {
  const promotions = environments.flatMap((environment) =>
    environment.promotion ? [environment.promotion] : [],
  );
  const closed = history.filter((request) => request.status !== "PROMOTED");
  return (
    <section aria-labelledby={`${releaseId}-history`} className="flex flex-col gap-3">
      <h3 id={`${releaseId}-history`} className="text-sm font-semibold text-fg">
        Promotion history
      </h3>
      {promotions.length === 0 ? (
        <p className="text-sm text-fg-muted">Not promoted anywhere yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table aria-label="Promotions" className="w-full text-left text-sm">
            <thead className="text-xs text-fg-muted">
              <tr>
                <th className="py-1.5 pr-3 font-medium">Environment</th>
                <th className="py-1.5 pr-3 font-medium">Promoted</th>
                <th className="py-1.5 pr-3 font-medium">Approvers</th>
                <th className="py-1.5 pr-3 font-medium">Target</th>
                <th className="py-1.5 font-medium">Attestation</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {promotions.map((promotion) => (
                <tr key={promotion.id} className="align-top">
                  <th scope="row" className="py-2 pr-3 font-semibold">
                    {promotion.environment}
                  </th>
                  <td className="py-2 pr-3">
                    {formatDateTime(promotion.promotedAt)}
                    <span className="block text-xs text-fg-muted">by {promotion.promotedByName}</span>
                    {promotion.breakGlassSessionId ? (
                      <Link
                        href={`/break-glass/${promotion.breakGlassSessionId}`}
                        className="mt-1 inline-flex"
                      >
                        <Badge tone="bad">
                          <Siren aria-hidden="true" />
                          through a freeze, under break-glass
                        </Badge>
                      </Link>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3">
                    {promotion.approvers.length === 0 ? (
                      <span className="text-fg-muted">automatic</span>
                    ) : (
                      <ul>
                        {promotion.approvers.map((approver) => (
                          <li key={`${approver.name}-${approver.role}`}>
                            {approver.name}{" "}
                            <span className="text-xs text-fg-muted">
                              ({approver.roleLabel.toLowerCase()})
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="py-2 pr-3 font-mono text-xs break-all">{promotion.targetPath}</td>
                  <td className="py-2">
                    <a
                      href={promotion.attestationUrl}
                      download
                      className="inline-flex items-center gap-1 font-medium text-accent underline-offset-2 hover:underline"
                    >
                      <Download className="size-4" aria-hidden="true" />
                      <span>
                        Download<span className="sr-only"> the {promotion.environment} attestation</span>
                      </span>
                    </a>
                    <span className="block font-mono text-xs text-fg-muted break-all">
                      {promotion.attestationKeyId.slice(0, 19)}…
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {closed.length > 0 ? (
        <ul aria-label="Closed requests" className="flex flex-col gap-1.5">
          {closed.map((request) => (
            <li key={request.id} className="rounded-md border border-border px-3 py-2 text-sm">
              <span className="font-medium">{request.environment}</span>{" "}
              <Badge tone={request.status === "REJECTED" ? "bad" : "neutral"}>
                {requestStatusLabels[request.status]}
              </Badge>{" "}
              <span className="text-fg-muted">
                requested by {request.requestedByName} on {formatDateTime(request.requestedAt)}
                {request.closedAt ? `, closed ${formatDateTime(request.closedAt)}` : ""}
              </span>
              {request.closedReason ? (
                <span className="block text-xs text-fg-muted">{request.closedReason}</span>
              ) : null}
              {request.decisions.length > 0 ? (
                <span className="block text-xs text-fg-muted">
                  {request.decisions
                    .map(
                      (decision) =>
                        `${decision.approverName} (${decision.roleLabel.toLowerCase()}) ${decision.decision === "APPROVE" ? "approved" : "rejected"}${decision.comment ? `: ${decision.comment}` : ""}`,
                    )
                    .join("; ")}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
