// Every permission in the product: a verb on a resource. The matrix (matrix.ts) grants them to roles;
// break-glass sessions can add some of them for a limited time (extra grants).

export const ROLES = [
  "RELEASE_ENGINEER",
  "SECURITY_OFFICER",
  "AUDITOR",
  "INCIDENT_RESPONDER",
  "ADMIN",
] as const;
export type Role = (typeof ROLES)[number];

export const roleLabels: Record<Role, string> = {
  RELEASE_ENGINEER: "Release engineer",
  SECURITY_OFFICER: "Security officer",
  AUDITOR: "Auditor",
  INCIDENT_RESPONDER: "Incident responder",
  ADMIN: "Administrator",
};

export const PERMISSIONS = {
  "release:read": "See releases, their verification reports and promotion history",
  "release:register": "Register a release (CI pipelines and release engineers)",
  "promotion:request": "Request the promotion of a release to an environment",
  "promotion:approve": "Approve or reject a promotion request (policy decides which role counts where)",
  "promotion:override-freeze": "Promote during a freeze window (break-glass only)",
  "breakglass:read": "See break-glass sessions and their reports",
  "breakglass:open": "Open a break-glass session",
  "breakglass:approve": "Approve another person's break-glass request",
  "breakglass:revoke": "Revoke an active break-glass session",
  "breakglass:review": "Review a finished break-glass session",
  "compliance:read": "See readiness programs, coverage and sign-offs",
  "compliance:edit": "Edit readiness programs, requirements and proof artifacts",
  "compliance:sign-off": "Sign off a readiness program version",
  "evidence:read": "Browse evidence and bundles",
  "evidence:upload": "Upload evidence",
  "evidence:export": "Export signed evidence bundles",
  "evidence:verify": "Run verify-all and continuity reports",
  "mirror:manage": "Manage transparency-log mirrors: trusted keys, imports, sync, alarms",
  "audit:read": "Browse the audit log",
  "audit:verify": "Verify the audit hash chain and checkpoints",
  "key:read": "See signing keys and ceremonies",
  "key:use": "Sign with a key outside the normal flows (break-glass only)",
  "key:manage": "Create, rotate and revoke signing keys",
  "ceremony:approve": "Take part in an M-of-N key ceremony as custodian",
  "policy:read": "See promotion policy packs and evaluations",
  "policy:manage": "Edit promotion policy packs and environments",
  "vex:sign": "Record and sign VEX exceptions for vulnerability findings",
  "rbac:read": "See the role and permission matrix",
  "admin:users": "Manage user accounts and their roles",
  "admin:api-tokens": "Create and revoke API tokens for CI pipelines",
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
