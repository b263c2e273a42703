"use client";

// The policy each environment is promoted under, as it stands now: who approves, soak, request lifetime, and a
// freeze that holds it. Edited at /releases/environments (policy:manage).
import Link from "next/link";
import { formatDateTime } from "@/components/format/date-time";
import type { EnvironmentView } from "@/server/releases/promotion/get-release-promotions";

export function EnvironmentPolicySummary({ environments }: { environments: EnvironmentView[] }) {
  return (
    <section aria-labelledby="environment-policy" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="environment-policy" className="text-sm font-semibold text-fg">
          Environment policy
        </h3>
        <Link
          href="/releases/environments"
          className="text-sm text-accent underline-offset-2 hover:underline"
        >
          Environments and freeze windows
        </Link>
      </div>
      <table aria-label="Environment policy" className="w-full text-left text-sm">
        <thead className="text-xs text-fg-muted">
          <tr>
            <th className="py-1 pr-3 font-medium">Environment</th>
            <th className="py-1 pr-3 font-medium">Approvals</th>
            <th className="py-1 pr-3 font-medium">Soak</th>
            <th className="py-1 pr-3 font-medium">Requests expire</th>
            <th className="py-1 font-medium">Freeze</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {environments.map((environment) => (
            <tr key={environment.environment}>
              <th scope="row" className="py-1.5 pr-3 font-semibold">
                {environment.environment}
              </th>
              <td className="py-1.5 pr-3">{environment.requirement}</td>
              <td className="py-1.5 pr-3">
                {environment.soakMinutes > 0 ? `${environment.soakMinutes} min` : "none"}
              </td>
              <td className="py-1.5 pr-3">after {environment.requestTtlHours} h</td>
              <td className="py-1.5">
                {environment.freeze
                  ? `frozen until ${formatDateTime(environment.freeze.endsAt)} (${environment.freeze.reason})`
                  : "none now"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
