import { ArrowRight, Clock, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { navIcons } from "@/components/shell/nav-icons";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { auditActionLabel } from "@/server/audit/action-labels";
import { findAuditEvents } from "@/server/audit/find-audit-events";
import { visibleSections } from "@/server/authz/navigation";
import { requireViewer } from "@/server/authz/page-access";
import { roleLabels } from "@/server/authz/permissions";
import { getPrisma } from "@/server/db";

export default async function OverviewPage() {
  const { user, permissions } = await requireViewer("/");
  const sections = visibleSections(permissions);
  // Everyone may see their own trail; the whole log is for those with audit:read (on /audit).
  const myActivity = await findAuditEvents(await getPrisma(), { limit: 8, filters: { actorId: user.id } });
  const firstName = user.name.split(" ")[0] ?? user.name;

  return (
    <div className="flex max-w-6xl flex-col gap-8">
      <PageHeader
        title={`Welcome, ${firstName}`}
        description={`Signed in as ${user.roles.map((role) => roleLabels[role]).join(", ")}. These are the areas your roles open.`}
      />

      <section aria-labelledby="areas-heading">
        <h2 id="areas-heading" className="sr-only">
          Your areas
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {sections.map((section) => {
            const Icon = navIcons[section.icon];
            return (
              <li key={section.href}>
                <Link
                  href={section.href}
                  className="group flex h-full flex-col gap-2 rounded-lg border border-border bg-surface p-5 shadow-sm transition-colors hover:border-accent-line hover:bg-accent-soft"
                >
                  <span className="flex items-center gap-2 text-base font-semibold text-fg">
                    <Icon className="size-5 text-accent" aria-hidden="true" />
                    {section.label}
                    <ArrowRight
                      className="ml-auto size-4 text-fg-subtle transition-transform group-hover:translate-x-0.5"
                      aria-hidden="true"
                    />
                  </span>
                  <span className="text-sm text-fg-muted">{section.summary}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Your recent activity</CardTitle>
            <span className="text-xs text-fg-subtle">from the audit log</span>
          </CardHeader>
          <CardBody className="p-0">
            {myActivity.events.length === 0 ? (
              <p className="px-5 py-4 text-sm text-fg-muted">Nothing recorded yet.</p>
            ) : (
              <ul className="divide-y divide-border">
                {myActivity.events.map((event) => (
                  <li key={event.seq} className="flex items-center gap-3 px-5 py-2.5 text-sm">
                    <span className="text-fg">{auditActionLabel(event.action)}</span>
                    <Badge tone={event.action === "authz.denied" ? "bad" : "neutral"} className="font-mono">
                      {event.action}
                    </Badge>
                    <time
                      className="ml-auto shrink-0 text-xs text-fg-subtle"
                      dateTime={event.occurredAt.toISOString()}
                      title={event.occurredAt.toISOString()}
                    >
                      {event.occurredAt.toLocaleString("en-GB", { timeZone: "UTC" })} UTC
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Your session</CardTitle>
          </CardHeader>
          <CardBody className="flex flex-col gap-3 text-sm">
            <p className="flex items-center gap-2 text-fg-muted">
              <Clock className="size-4" aria-hidden="true" />
              Identity confirmed{" "}
              <time dateTime={user.authTime.toISOString()}>
                {user.authTime.toLocaleString("en-GB", { timeZone: "UTC" })} UTC
              </time>
            </p>
            <p className="flex items-center gap-2 text-fg-muted">
              <ShieldCheck className="size-4" aria-hidden="true" />
              via {user.authMethod === "oidc" ? "single sign-on" : "password"}
            </p>
            <p className="text-fg-muted">
              Approvals and break-glass ask you to confirm your identity when it is older than 5 minutes.
            </p>
            <Link href="/reauth?callbackUrl=/" className={buttonClasses("secondary", "sm", "self-start")}>
              Confirm identity now
            </Link>
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
