import { ArrowRight, KeyRound, ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/authz/page-access";
import { ALL_PERMISSIONS, ROLES } from "@/server/authz/permissions";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  await requirePagePermission("rbac:read", "/admin");

  return (
    <div className="flex max-w-5xl flex-col gap-6">
      <PageHeader
        className="mb-0"
        title="Administration"
        description="Who may do what in the portal, as the server enforces it."
      />

      <section aria-labelledby="admin-areas-heading" className="flex flex-col gap-3">
        <h2 id="admin-areas-heading" className="sr-only">
          Admin areas
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          <li>
            <Link
              href="/admin/rbac"
              className="group flex h-full flex-col gap-2 rounded-lg border border-border bg-surface p-5 shadow-sm transition-colors hover:border-accent-line hover:bg-accent-soft"
            >
              <span className="flex items-center gap-2 text-base font-semibold text-fg">
                <ShieldCheck className="size-5 text-accent" aria-hidden="true" />
                Roles and permissions
                <ArrowRight
                  className="ml-auto size-4 text-fg-subtle transition-transform group-hover:translate-x-0.5"
                  aria-hidden="true"
                />
              </span>
              <span className="text-sm text-fg-muted">
                The matrix the server enforces: {ROLES.length} roles, {ALL_PERMISSIONS.length} permissions,
                with a JSON export for review.
              </span>
            </Link>
          </li>
        </ul>
        <p className="flex items-center gap-2 text-sm text-fg-subtle">
          <KeyRound className="size-4" aria-hidden="true" />
          User accounts and API tokens for CI pipelines will be managed here once those features ship.
        </p>
      </section>
    </div>
  );
}
