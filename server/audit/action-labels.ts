// Plain-language names for audit actions, for pages read by people who are not auditors (the overview).
// Typed over every action, so a new event type cannot ship without one.
import { apiTokenAuditLabels } from "../api-tokens/audit-events";
import { breakGlassAuditLabels } from "../breakglass/audit-events";
import { complianceAuditLabels } from "../compliance/audit-events";
import { evidenceAuditLabels } from "../evidence/audit-events";
import { continuityAuditLabels } from "../evidence/continuity/audit-events";
import { mirrorAuditLabels } from "../evidence/transparency/audit-events";
import { policyAuditLabels } from "../policies/audit-events";
import { releaseAuditLabels } from "../releases/audit-events";
import { promotionAuditLabels } from "../releases/promotion/audit-events";
import { signingAuditLabels } from "../signing/audit-events";
import { ceremonyAuditLabels } from "../signing/ceremonies/audit-events";
import type { AuditAction } from "./events";

export const auditActionLabels: Record<AuditAction, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in refused",
  "auth.account_locked": "Account locked after failed sign-ins",
  "auth.sign_out": "Signed out",
  "authz.denied": "Refused: missing permission",
  "audit.chain_verified": "Verified the audit chain",
  "audit.checkpoint_signed": "Signed an audit checkpoint",
  "user.created": "Account created",
  "user.updated": "Account changed",
  "user.disabled": "Account disabled",
  "user.enabled": "Account enabled",
  "user.unlocked": "Account unlocked",
  "user.password_reset": "Password reset by an administrator",
  "user.roles_synced": "Roles updated from the identity provider",
  "user.oidc_linked": "Account linked to the identity provider",
  "system.demo_seeded": "Demo data created",
  ...apiTokenAuditLabels,
  ...signingAuditLabels,
  ...breakGlassAuditLabels,
  ...complianceAuditLabels,
  ...ceremonyAuditLabels,
  ...promotionAuditLabels,
  ...releaseAuditLabels,
  ...evidenceAuditLabels,
  ...continuityAuditLabels,
  ...mirrorAuditLabels,
  ...policyAuditLabels,
};

export function auditActionLabel(action: string): string {
  return (auditActionLabels as Record<string, string>)[action] ?? action;
}
