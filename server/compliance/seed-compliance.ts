// Demo data: the readiness tracker shipped in prisma/seed is imported once, on the first start in demo mode (a
// program with its short name already there is left alone, edits included).
import fs from "node:fs";
import path from "node:path";
import { SYSTEM_ACTOR } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import { type Clock, systemClock } from "../lib/clock";
import { logger } from "../lib/logger";
import { importProgram } from "./import-program";

export const DEMO_TRACKER_SLUG = "compliance-readiness-tracker";

export function demoTrackerMarkdown(): string {
  return fs.readFileSync(
    path.join(process.cwd(), "prisma", "seed", "compliance-readiness-tracker.md"),
    "utf8",
  );
}

export async function seedDemoCompliance(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
  markdown: () => string = demoTrackerMarkdown,
): Promise<{ created: number }> {
  if ((await prisma.complianceProgram.count({ where: { slug: DEMO_TRACKER_SLUG } })) > 0)
    return { created: 0 };
  let text: string;
  try {
    text = markdown();
  } catch (error) {
    // demo data is a convenience: a copy of the portal without the seed file still starts
    logger.warn("demo readiness tracker not imported", { reason: (error as Error).message });
    return { created: 0 };
  }
  await importProgram(prisma, {
    input: { markdown: text, slug: DEMO_TRACKER_SLUG },
    actor: SYSTEM_ACTOR,
    clock,
    source: "demo-seed",
  });
  return { created: 1 };
}
