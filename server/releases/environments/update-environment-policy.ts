// An administrator of promotion policy (policy:manage, freshly signed in) changes who must approve an
// environment, its soak time and how long its requests stay open. Audited field by field. The rule for roles:
// only roles that hold promotion:approve can be asked for (anything else could never be met). Pending requests
// are judged by the policy in force when they are decided (policy.ts), so a raised bar applies to them too.
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { loadPolicyRows, ruleOf } from "../promotion/facts";
import { aRole, describeRequirement } from "../promotion/policy";
import { type UpdateEnvironmentInput, ZUpdateEnvironmentInput } from "../promotion/schemas";
import { APPROVER_ROLES, isApproverRole, roleLabel } from "../promotion/vocabulary";

export async function updateEnvironmentPolicy(
  tx: PortalTx,
  options: UpdateEnvironmentInput & {
    actor: AuditActor & { id: string };
    request?: AuditRequestMeta;
    clock: Clock;
  },
): Promise<{ environment: string; changed: boolean }> {
  const input = ZUpdateEnvironmentInput.parse(options);
  const refused = input.requiredApprovals.find((line) => !isApproverRole(line.role));
  if (refused) {
    throw new DomainError(
      "BAD_REQUEST",
      `${aRole(refused.role)} cannot approve promotions; approvals can be asked of: ${APPROVER_ROLES.map((role) => roleLabel(role).toLowerCase()).join(", ")}`,
      { field: "requiredApprovals" },
    );
  }
  await tx.$queryRaw`SELECT 1 FROM "environment_policies" WHERE "environment" = ${input.environment} FOR UPDATE`;
  const row = (await loadPolicyRows(tx)).find((candidate) => candidate.environment === input.environment);
  if (!row) throw new DomainError("NOT_FOUND", `no policy for ${input.environment}`);
  const before = ruleOf(row);
  const changes = [
    {
      field: "requiredApprovals",
      from: describeRequirement(before.requiredApprovals),
      to: describeRequirement(input.requiredApprovals),
    },
    { field: "soakMinutes", from: String(before.soakMinutes), to: String(input.soakMinutes) },
    { field: "requestTtlHours", from: String(before.requestTtlHours), to: String(input.requestTtlHours) },
  ].filter((change) => change.from !== change.to);
  if (changes.length === 0) return { environment: input.environment, changed: false };
  await tx.environmentPolicy.update({
    where: { environment: input.environment },
    data: {
      requiredApprovals: input.requiredApprovals,
      soakMinutes: input.soakMinutes,
      requestTtlHours: input.requestTtlHours,
      updatedAt: options.clock.now(),
      updatedById: options.actor.id,
      updatedByName: options.actor.name,
    },
  });
  await appendAudit(tx, {
    payload: { type: "promotion.policy_changed", environment: input.environment, changes },
    actor: options.actor,
    subject: { type: "environment-policy", id: input.environment },
    request: options.request,
    clock: options.clock,
  });
  return { environment: input.environment, changed: true };
}
