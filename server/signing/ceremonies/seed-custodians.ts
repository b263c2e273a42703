// Demo data: two more security officers, so that a 2-of-3 ceremony can be tried with the demo accounts (Sam
// Security plus these two). Created once, each creation audited, same demo password as the other accounts.
import { appendAudit } from "../../audit/append-audit";
import { SYSTEM_ACTOR } from "../../audit/events";
import { hashPassword } from "../../auth/password";
import type { PortalPrisma } from "../../db/connection";
import { DEMO_PASSWORD } from "../../db/demo-users";
import { type Clock, systemClock } from "../../lib/clock";

export const DEMO_CUSTODIANS = [
  { email: "cora@demo.test", name: "Cora Custodian" },
  { email: "kit@demo.test", name: "Kit Keeper" },
] as const;

export async function seedDemoCustodians(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
): Promise<{ created: number }> {
  const existing = await prisma.user.findMany({
    where: { email: { in: DEMO_CUSTODIANS.map((user) => user.email) } },
    select: { email: true },
  });
  const missing = DEMO_CUSTODIANS.filter((user) => !existing.some((row) => row.email === user.email));
  if (missing.length === 0) return { created: 0 };
  const hash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction(async (tx) => {
    for (const user of missing) {
      const created = await tx.user.create({
        data: { email: user.email, name: user.name, roles: ["SECURITY_OFFICER"], passwordHash: hash },
        select: { id: true },
      });
      await appendAudit(tx, {
        payload: {
          type: "user.created",
          email: user.email,
          roles: ["SECURITY_OFFICER"],
          source: "demo-seed",
        },
        actor: SYSTEM_ACTOR,
        subject: { type: "user", id: created.id },
        clock,
      });
    }
  });
  return { created: missing.length };
}
