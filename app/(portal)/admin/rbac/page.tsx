import { Download, Info } from "lucide-react";
import type { Metadata } from "next";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/authz/page-access";
import { ALL_PERMISSIONS, ROLES } from "@/server/authz/permissions";
import { PermissionMatrixTable } from "./permission-matrix-table";
import { unassignedPermissions } from "./rbac-matrix";

export const metadata: Metadata = { title: "Roles and permissions" };

export default async function RbacPage() {
  const { user } = await requirePagePermission("rbac:read", "/admin/rbac");
  const breakGlassOnly = unassignedPermissions();

  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/admin", label: "Administration" }} current="Roles and permissions" />

      <PageHeader
        className="mb-0"
        title="Roles and permissions"
        description={`${ROLES.length} roles and ${ALL_PERMISSIONS.length} permissions, one row per permission and one column per role.`}
        actions={
          // A plain link: this is a route handler's file, not a page for the client router.
          <a
            href="/admin/rbac/matrix.json"
            download="rbac-matrix.json"
            className={buttonClasses("secondary")}
          >
            <Download aria-hidden="true" />
            Download JSON
          </a>
        }
      />

      <p className="flex items-start gap-2 rounded-lg border border-info-line bg-info-soft px-4 py-3 text-sm text-info-fg">
        <Info className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
        <span>
          This table is generated from the matrix the server enforces (
          <code className="font-mono text-[13px]">server/authz/matrix.ts</code>); break-glass sessions can add
          time-limited grants.
          {breakGlassOnly.length > 0 ? (
            <>
              {" "}
              No role holds {joinCodes(breakGlassOnly)}: only a break-glass grant gives{" "}
              {breakGlassOnly.length === 1 ? "it" : "them"}.
            </>
          ) : null}
        </span>
      </p>

      <PermissionMatrixTable viewerRoles={user.roles} />
    </div>
  );
}

function joinCodes(permissions: readonly string[]) {
  return permissions.map((permission, index) => (
    <span key={permission}>
      {index === 0 ? "" : index === permissions.length - 1 ? " and " : ", "}
      <code className="font-mono text-[13px]">{permission}</code>
    </span>
  ));
}
