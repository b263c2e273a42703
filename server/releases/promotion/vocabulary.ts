// The words of promotion: environments in their fixed order and request states (the releases module's, which the
// database CHECKs too), decisions, and the roles whose approvals a policy may ask for.
import { ROLE_PERMISSIONS } from "../../authz/matrix";
import { ROLES, type Role, roleLabels } from "../../authz/permissions";
import { PROMOTION_REQUEST_STATUSES, type PromotionRequestStatus } from "../vocabulary";

export { ENVIRONMENTS, type Environment, isEnvironment } from "../vocabulary";

export const REQUEST_STATUSES = PROMOTION_REQUEST_STATUSES;
export type RequestStatus = PromotionRequestStatus;

export const DECISIONS = ["APPROVE", "REJECT"] as const;
export type Decision = (typeof DECISIONS)[number];

/** Only roles that hold promotion:approve in the matrix can be asked for: anything else could never be met. */
export const APPROVER_ROLES = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes("promotion:approve"));
export type ApproverRole = Role;

export function isApproverRole(value: string): value is Role {
  return (APPROVER_ROLES as readonly string[]).includes(value);
}

export function roleLabel(role: string): string {
  return (roleLabels as Record<string, string>)[role] ?? role;
}

export const requestStatusLabels: Record<RequestStatus, string> = {
  PENDING: "Waiting for approval",
  PROMOTED: "Promoted",
  REJECTED: "Rejected",
  EXPIRED: "Expired",
  CANCELLED: "Cancelled",
};

/** The in-toto predicate type of promotion attestations (a URI naming this portal's promotion record format). */
export const PROMOTION_PREDICATE_TYPE = "https://portal.example/promotion/v1";
