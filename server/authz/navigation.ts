// The portal's sections and the permission each needs to be seen. The shell shows only what the user may open,
// and each section's pages enforce the same permission on the server.
import type { Permission } from "./permissions";

export type NavSection = {
  href: string;
  label: string;
  permission: Permission;
  /** one line for the overview page */
  summary: string;
  icon:
    | "releases"
    | "policies"
    | "compliance"
    | "break-glass"
    | "evidence"
    | "continuity"
    | "audit"
    | "keys"
    | "admin";
};

export const NAV_SECTIONS: readonly NavSection[] = [
  {
    href: "/releases",
    label: "Releases",
    permission: "release:read",
    summary: "Signed releases and their promotion from DEV to STAGING to PROD, with approvals.",
    icon: "releases",
  },
  {
    href: "/policies",
    label: "Policies",
    permission: "policy:read",
    summary: "Policy packs deciding which releases may be promoted, and signed VEX exceptions.",
    icon: "policies",
  },
  {
    href: "/compliance",
    label: "Compliance",
    permission: "compliance:read",
    summary: "Readiness programs, requirement coverage, proof artifacts and sign-offs.",
    icon: "compliance",
  },
  {
    href: "/break-glass",
    label: "Break-glass",
    permission: "breakglass:read",
    summary: "Emergency access that expires on its own, with a full trail and a review afterwards.",
    icon: "break-glass",
  },
  {
    href: "/evidence",
    label: "Evidence",
    permission: "evidence:read",
    summary: "Content-addressed evidence, signed bundles and continuity reports.",
    icon: "evidence",
  },
  {
    href: "/reports/continuity",
    label: "Continuity",
    permission: "evidence:read",
    summary: "verify-all snapshots before and after an upgrade, and signed continuity reports between them.",
    icon: "continuity",
  },
  {
    href: "/audit",
    label: "Audit",
    permission: "audit:read",
    summary: "The tamper-evident log of every decision, with chain verification.",
    icon: "audit",
  },
  {
    href: "/keys",
    label: "Keys",
    permission: "key:read",
    summary: "Signing keys, rotation, revocation and M-of-N ceremonies.",
    icon: "keys",
  },
  {
    href: "/admin",
    label: "Admin",
    permission: "rbac:read",
    summary: "The role and permission matrix the server enforces.",
    icon: "admin",
  },
];

export function visibleSections(permissions: ReadonlySet<Permission>): NavSection[] {
  return NAV_SECTIONS.filter((section) => permissions.has(section.permission));
}
