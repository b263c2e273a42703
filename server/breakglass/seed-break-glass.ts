// Demo data: two finished break-glass sessions of the demo incident responder, so /break-glass is not empty on the
// first start. Written through the real services with a clock set in the past: one expired session with actions
// done under its grant, acknowledged by the demo security officer, and one closed early that awaits review. Runs
// once: any session already there (seeded or real) leaves it alone.

import { findActiveGrants } from "../authz/extra-grants";
import type { Role } from "../authz/permissions";
import type { PortalPrisma } from "../db/connection";
import { DEMO_USERS } from "../db/demo-users";
import { type Clock, manualClock, systemClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { closeSession } from "./end-session";
import { openSession } from "./open-session";
import { DEFAULT_BREAKGLASS_POLICY } from "./policy-config";
import { recordExpiries } from "./record-expiries";
import { reviewSession } from "./review-session";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export async function seedDemoBreakGlass(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
): Promise<{ created: number }> {
  if ((await prisma.breakGlassSession.count()) > 0) return { created: 0 };
  const emailOf = (role: Role) => DEMO_USERS.find((user) => user.roles.includes(role))?.email ?? "";
  const [ian, sam] = await Promise.all(
    [emailOf("INCIDENT_RESPONDER"), emailOf("SECURITY_OFFICER")].map((email) =>
      prisma.user.findUnique({
        where: { email },
        select: { id: true, name: true, email: true, roles: true },
      }),
    ),
  );
  if (!ian || !sam) return { created: 0 };
  const actor = (user: typeof ian) => ({ id: user.id, name: user.name, roles: user.roles });
  const past = manualClock(new Date(clock.now().getTime() - 3 * 24 * HOUR));
  // historical sessions: the default policy, whatever the running configuration says about new ones
  const deps = { prisma, clock: past, policy: DEFAULT_BREAKGLASS_POLICY };

  // three days ago: a P1, the chain verified twice under the grant, left to expire, then acknowledged
  const expired = await openSession(deps, {
    actor: actor(ian),
    input: {
      reasonCode: "INCIDENT_P1",
      justification: "Payments API failing after the 2.14 rollout: confirm no release record was altered",
      ticketRef: "INC-2041",
      scopes: ["audit:read", "audit:verify"],
      durationMinutes: 15,
    },
  });
  // the actions go through tRPC like a browser's would, so the grant (not a shortcut) is what allows them;
  // imported here because the router tree reaches back to the database module that calls this seed
  const { createCaller } = await import("../trpc/root");
  const asIan = async () => {
    const user: SessionUser = { ...ian, authTime: past.now(), authMethod: "password" };
    const extraGrants = await findActiveGrants(prisma, ian.id, past.now());
    return createCaller({
      prisma,
      clock: past,
      user,
      principal: { userId: ian.id, roles: ian.roles, extraGrants },
      request: { requestId: "demo-seed", ip: null, userAgent: "demo seed" },
    });
  };
  past.advance(2 * MINUTE);
  await (await asIan()).audit.verifyChain();
  past.advance(9 * MINUTE);
  await (await asIan()).audit.verifyChain();
  past.set(new Date((expired.expiresAt as Date).getTime() + 20_000));
  await recordExpiries(deps, { sessionIds: [expired.id], detectedBy: "sweeper" });
  past.advance(5 * HOUR);
  await reviewSession(deps, {
    actor: actor(sam),
    input: {
      sessionId: expired.id,
      outcome: "ACKNOWLEDGED",
      notes: "Two chain verifications, nothing else; matches INC-2041",
    },
  });

  // yesterday: a security incident, closed by Ian after a few minutes; nobody has reviewed it yet
  past.set(new Date(clock.now().getTime() - 26 * HOUR));
  const closed = await openSession(deps, {
    actor: actor(ian),
    input: {
      reasonCode: "SECURITY_INCIDENT",
      justification: "Suspicious sign-ins on the build service account: check what it did in the last day",
      ticketRef: "SEC-388",
      scopes: ["audit:read"],
      durationMinutes: 30,
    },
  });
  past.advance(9 * MINUTE);
  await closeSession(deps, {
    actor: actor(ian),
    input: { sessionId: closed.id, note: "Sign-ins were the new CI runner; nothing else touched" },
  });

  // notices about history are not news: they stay in the list, already read
  await prisma.notification.updateMany({
    where: { link: { in: [expired.id, closed.id].map((id) => `/break-glass/${id}`) }, readAt: null },
    data: { readAt: clock.now() },
  });
  return { created: 2 };
}
