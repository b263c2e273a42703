import { ArrowRight, KeyRound, ShieldCheck, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/authz/page-access";
import { ALL_PERMISSIONS, ROLES } from "@/server/authz/permissions";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  const { permissions } = await requirePagePermission("rbac:read", "/admin");

  return (
    <div className="flex max-w-5xl flex-col gap-6">
      <PageHeader
        className="mb-0"
        title="Administration"
        description="Who has an account, and who may do what in the portal, as the server enforces it."
      />

      <section aria-labelledby="admin-areas-heading" className="flex flex-col gap-3">
        <h2 id="admin-areas-heading" className="sr-only">
          Admin areas
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {permissions.has("admin:users") ? (
            <AdminCard href="/admin/users" icon={<Users />} title="User accounts">
              Create local accounts, change roles, disable or unlock accounts and reset passwords. Every
              change is audited.
            </AdminCard>
          ) : null}
          {permissions.has("admin:api-tokens") ? (
            <AdminCard href="/admin/api-tokens" icon={<KeyRound />} title="API tokens">
              Bearer tokens for CI pipelines: scoped to what machines may do, expiring, revocable, with their
              last use shown.
            </AdminCard>
          ) : null}
          <AdminCard href="/admin/rbac" icon={<ShieldCheck />} title="Roles and permissions">
            The matrix the server enforces: {ROLES.length} roles, {ALL_PERMISSIONS.length} permissions, with a
            JSON export for review.
          </AdminCard>
        </ul>
      </section>
    </div>
  );
}

function AdminCard({
  href,
  icon,
  title,
  children,
}: {
  href: string;
  icon: ReactNode;
  title: string;
  children: ReactNode;
}) {
  return (
    <li>
      <Link
        href={href}
        className="group flex h-full flex-col gap-2 rounded-lg border border-border bg-surface p-5 shadow-sm transition-colors hover:border-accent-line hover:bg-accent-soft"
      >
        <span className="flex items-center gap-2 text-base font-semibold text-fg">
          <span className="text-accent [&_svg]:size-5" aria-hidden="true">
            {icon}
          </span>
          {title}
          <ArrowRight
            className="ml-auto size-4 text-fg-subtle transition-transform group-hover:translate-x-0.5"
            aria-hidden="true"
          />
        </span>
        <span className="text-sm text-fg-muted">{children}</span>
      </Link>
    </li>
  );
}
