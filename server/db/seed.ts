// Demo data for `npm start`: one account per role, created once, each creation audited.
import { appendAudit } from "../audit/append-audit";
import { runScheduledCheckpoint } from "../audit/checkpoints/schedule-checkpoints";
import { SYSTEM_ACTOR } from "../audit/events";
import { hashPassword } from "../auth/password";
import { seedDemoBreakGlass } from "../breakglass/seed-break-glass";
import { seedDemoCompliance } from "../compliance/seed-compliance";
import { seedDemoMirror } from "../evidence/transparency/seed-mirror";
import { type Clock, systemClock } from "../lib/clock";
import { seedDemoCustodians } from "../signing/ceremonies/seed-custodians";
import type { PortalPrisma } from "./connection";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

export async function seedDemoData(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
): Promise<{ created: number }> {
  const users = await seedDemoUsers(prisma, clock);
  await seedDemoCustodians(prisma, clock);
  await seedDemoCompliance(prisma, clock);
  await seedDemoBreakGlass(prisma, clock);
  return users;
}

/**
 * After the demo signing keys exist: a signed checkpoint of the audit log, the transparency mirror's two real logs,
 * and a second checkpoint over what the mirror's seeding recorded, so the checkpoints page can prove the two
 * consistent on the first start. Later starts sign one more only when the log has changed (the scheduler's rule).
 */
export async function seedDemoEvidenceTrail(
  prisma: PortalPrisma,
  options: { origin: string; clock?: Clock },
): Promise<{ checkpoints: number; logs: number }> {
  const clock = options.clock ?? systemClock;
  const first = await runScheduledCheckpoint(prisma, { origin: options.origin, clock });
  const mirror = await seedDemoMirror(prisma, clock);
  const second =
    mirror.created > 0 ? await runScheduledCheckpoint(prisma, { origin: options.origin, clock }) : null;
  return { checkpoints: [first, second].filter((outcome) => outcome?.signed).length, logs: mirror.created };
}

async function seedDemoUsers(prisma: PortalPrisma, clock: Clock): Promise<{ created: number }> {
  const existing = await prisma.user.findMany({
    where: { email: { in: DEMO_USERS.map((user) => user.email) } },
    select: { email: true },
  });
  const missing = DEMO_USERS.filter((user) => !existing.some((row) => row.email === user.email));
  if (missing.length === 0) return { created: 0 };
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD)));
  await prisma.$transaction(async (tx) => {
    for (const [index, user] of missing.entries()) {
      const created = await tx.user.create({
        data: { email: user.email, name: user.name, roles: user.roles, passwordHash: hashes[index] },
        select: { id: true },
      });
      await appendAudit(tx, {
        payload: { type: "user.created", email: user.email, roles: user.roles, source: "demo-seed" },
        actor: SYSTEM_ACTOR,
        subject: { type: "user", id: created.id },
        clock,
      });
    }
    await appendAudit(tx, {
      payload: { type: "system.demo_seeded", users: missing.length },
      actor: SYSTEM_ACTOR,
      subject: { type: "system" },
      clock,
    });
  });
  return { created: missing.length };
}
