// The environment policies and freeze windows as everyone with release:read sees them (/releases/environments
// and the release page): order, who must approve, soak, request lifetime, who changed it last; the freeze
// windows that are on or coming, and the most recent past ones.
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { loadPolicyRows, ruleOf } from "../promotion/facts";
import { describeRequirement } from "../promotion/policy";
import { type Environment, roleLabel } from "../promotion/vocabulary";

export type EnvironmentPolicyView = {
  environment: Environment;
  position: number;
  requirement: string;
  requiredApprovals: { role: string; label: string; count: number }[];
  soakMinutes: number;
  requestTtlHours: number;
  updatedAt: Date;
  updatedByName: string | null;
};

export type FreezeWindowView = {
  id: string;
  environment: Environment;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  createdByName: string;
  createdAt: Date;
  state: "active" | "upcoming" | "ended";
};

export const RECENT_ENDED_WINDOWS = 10;

export async function findEnvironments(
  db: PortalTx,
  clock: Clock,
): Promise<{ policies: EnvironmentPolicyView[]; freezes: FreezeWindowView[] }> {
  const now = clock.now();
  const rows = await loadPolicyRows(db);
  const select = {
    id: true,
    environment: true,
    startsAt: true,
    endsAt: true,
    reason: true,
    createdByName: true,
    createdAt: true,
  } as const;
  const [current, ended] = await Promise.all([
    db.freezeWindow.findMany({ where: { endsAt: { gt: now } }, select, orderBy: { startsAt: "asc" } }),
    db.freezeWindow.findMany({
      where: { endsAt: { lte: now } },
      select,
      orderBy: { endsAt: "desc" },
      take: RECENT_ENDED_WINDOWS,
    }),
  ]);
  return {
    policies: rows.map((row) => {
      const rule = ruleOf(row);
      return {
        environment: rule.environment,
        position: rule.position,
        requirement: describeRequirement(rule.requiredApprovals),
        requiredApprovals: rule.requiredApprovals.map((line) => ({
          role: line.role,
          label: roleLabel(line.role),
          count: line.count,
        })),
        soakMinutes: rule.soakMinutes,
        requestTtlHours: rule.requestTtlHours,
        updatedAt: row.updatedAt,
        updatedByName: row.updatedByName,
      };
    }),
    freezes: [...current, ...ended].map((row) => ({
      ...row,
      environment: row.environment as Environment,
      state:
        row.startsAt.getTime() > now.getTime()
          ? "upcoming"
          : row.endsAt.getTime() > now.getTime()
            ? "active"
            : "ended",
    })),
  };
}
