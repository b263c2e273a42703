// The rules of readiness, pure. Coverage is computed here and nowhere else:
//   a requirement counts DONE 1, PARTIAL 0.5, TODO 0; DEFERRED requirements are left out entirely;
//   item coverage = sum / number of counted requirements; program coverage = the same over all requirements of
//   all items (so a large item weighs more than a small one); no counted requirement -> no coverage (null).
// Readiness: each requirement is needed from one level on (Demo < RFP < Audit). Its sprint decides which: a
// sprint listed in (or prefixed by the code of) a phase belongs to that phase's level; "Existing" work is needed
// from Demo on; any other sprint is needed for the item's own target. An item is ready for a level when every
// requirement needed at or below that level is DONE.
import type { TrackerItem, TrackerPhase, TrackerRequirement } from "./document";
import { READINESS_LEVELS, type ReadinessLevel, type RequirementStatus } from "./vocabulary";

const WEIGHT: Record<Exclude<RequirementStatus, "DEFERRED">, number> = { DONE: 1, PARTIAL: 0.5, TODO: 0 };

export function coverageOf(requirements: readonly Pick<TrackerRequirement, "status">[]): number | null {
  let counted = 0;
  let sum = 0;
  for (const requirement of requirements) {
    if (requirement.status === "DEFERRED") continue;
    counted += 1;
    sum += WEIGHT[requirement.status];
  }
  return counted === 0 ? null : (sum / counted) * 100;
}

/** One decimal, as shown everywhere (57.142… -> 57.1). */
export function roundCoverage(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

export function formatCoverage(value: number | null): string {
  const rounded = roundCoverage(value);
  return rounded === null ? "n/a" : `${rounded}%`;
}

export function itemStatusOf(coverage: number | null): string {
  if (coverage === null) return "No requirements";
  if (coverage >= 100) return "Done";
  if (coverage <= 0) return "Not Started";
  return "In Progress";
}

export function levelRank(level: ReadinessLevel): number {
  return READINESS_LEVELS.indexOf(level);
}

/** The level a phase delivers: named in its title ("Demo Blockers", "RFP Compliance"), else by its number. */
export function phaseLevelOf(phase: { number: number; name: string }): ReadinessLevel {
  const name = phase.name.toLowerCase();
  if (/\bdemo\b/.test(name)) return "DEMO";
  if (/\brfp\b/.test(name)) return "RFP";
  if (/\baudit\b/.test(name)) return "AUDIT";
  return READINESS_LEVELS[Math.min(Math.max(phase.number, 1), READINESS_LEVELS.length) - 1] ?? "AUDIT";
}

/** The first level a requirement is needed for; null for deferred ones (never needed). */
export function requirementLevelOf(
  requirement: Pick<TrackerRequirement, "status" | "sprint">,
  phases: readonly Pick<TrackerPhase, "code" | "level" | "sprints">[],
  itemTarget: ReadinessLevel,
): ReadinessLevel | null {
  if (requirement.status === "DEFERRED") return null;
  const sprint = requirement.sprint.trim();
  if (/^existing$/i.test(sprint)) return "DEMO";
  if (sprint) {
    for (const phase of phases) {
      const listed = phase.sprints.some(
        (entry) => entry.code === sprint || entry.code.startsWith(`${sprint}_`),
      );
      const prefixed = phase.code !== "" && (sprint === phase.code || sprint.startsWith(`${phase.code}_`));
      if (listed || prefixed) return phase.level;
    }
  }
  return itemTarget;
}

export type ItemReadiness = Record<ReadinessLevel, boolean>;

export function itemReadinessOf(
  item: Pick<TrackerItem, "requirements" | "targetLevel">,
  phases: readonly Pick<TrackerPhase, "code" | "level" | "sprints">[],
): ItemReadiness {
  const needed = item.requirements.map((requirement) => ({
    status: requirement.status,
    level: requirementLevelOf(requirement, phases, item.targetLevel),
  }));
  const readiness = {} as ItemReadiness;
  for (const level of READINESS_LEVELS) {
    readiness[level] = needed.every(
      (requirement) =>
        requirement.level === null ||
        levelRank(requirement.level) > levelRank(level) ||
        requirement.status === "DONE",
    );
  }
  return readiness;
}

export type ItemSummary = {
  number: number;
  coverage: number | null;
  status: string;
  targetLevel: ReadinessLevel;
  readiness: ItemReadiness;
  atTarget: boolean;
  counts: Record<RequirementStatus, number>;
};

export function summarizeItem(
  item: Pick<TrackerItem, "number" | "requirements" | "targetLevel">,
  phases: readonly Pick<TrackerPhase, "code" | "level" | "sprints">[],
): ItemSummary {
  const coverage = coverageOf(item.requirements);
  const readiness = itemReadinessOf(item, phases);
  const counts: Record<RequirementStatus, number> = { DONE: 0, PARTIAL: 0, TODO: 0, DEFERRED: 0 };
  for (const requirement of item.requirements) counts[requirement.status] += 1;
  return {
    number: item.number,
    coverage,
    status: itemStatusOf(coverage),
    targetLevel: item.targetLevel,
    readiness,
    atTarget: readiness[item.targetLevel],
    counts,
  };
}

export type ProgramSummary = {
  coverage: number | null;
  items: ItemSummary[];
  itemsAtTarget: number;
  /** per level: how many items are ready for it */
  readyCounts: Record<ReadinessLevel, number>;
  requirementCount: number;
};

export function summarizeProgram(program: {
  items: readonly Pick<TrackerItem, "number" | "requirements" | "targetLevel">[];
  phases: readonly Pick<TrackerPhase, "code" | "level" | "sprints">[];
}): ProgramSummary {
  const items = program.items.map((item) => summarizeItem(item, program.phases));
  const readyCounts = { DEMO: 0, RFP: 0, AUDIT: 0 } as Record<ReadinessLevel, number>;
  for (const item of items)
    for (const level of READINESS_LEVELS) if (item.readiness[level]) readyCounts[level] += 1;
  return {
    coverage: coverageOf(program.items.flatMap((item) => item.requirements)),
    items,
    itemsAtTarget: items.filter((item) => item.atTarget).length,
    readyCounts,
    requirementCount: program.items.reduce((total, item) => total + item.requirements.length, 0),
  };
}
