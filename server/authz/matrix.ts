// The only place that says which role may do what. Pages, procedures, REST handlers and the /admin/rbac page
// all read this table. Separation of duties is deliberate: administrators manage accounts but cannot approve
// promotions or sign; auditors read and verify everything but change nothing.
import type { Permission, Role } from "./permissions";

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  RELEASE_ENGINEER: [
    "release:read",
    "release:register",
    "promotion:request",
    "promotion:approve",
    "breakglass:read",
    "compliance:read",
    "compliance:edit",
    // the engineering lead signs readiness programs
    "compliance:sign-off",
    "evidence:read",
    "evidence:upload",
    "evidence:export",
    "audit:read",
    "key:read",
    "policy:read",
  ],
  SECURITY_OFFICER: [
    "release:read",
    "promotion:approve",
    "breakglass:read",
    "breakglass:approve",
    "breakglass:revoke",
    "breakglass:review",
    "compliance:read",
    "compliance:sign-off",
    "evidence:read",
    "evidence:export",
    "evidence:verify",
    "mirror:manage",
    "audit:read",
    "audit:verify",
    "key:read",
    "key:manage",
    "ceremony:approve",
    "policy:read",
    "policy:manage",
    // a VEX exception takes a finding out of a promotion gate: the security officer's call, signed
    "vex:sign",
    "rbac:read",
  ],
  AUDITOR: [
    "release:read",
    "breakglass:read",
    "compliance:read",
    "evidence:read",
    "evidence:verify",
    "audit:read",
    "audit:verify",
    "key:read",
    "policy:read",
    "rbac:read",
  ],
  INCIDENT_RESPONDER: ["release:read", "breakglass:read", "breakglass:open", "evidence:read", "key:read"],
  ADMIN: [
    "release:read",
    "compliance:read",
    "evidence:read",
    // which transparency logs the portal follows, and the keys trusted to sign them, are configuration
    "mirror:manage",
    "audit:read",
    "key:read",
    "policy:read",
    "rbac:read",
    "admin:users",
    "admin:api-tokens",
  ],
};
