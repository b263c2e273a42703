// Demo data: the seeded releases moved along their lanes through the real promotion steps, with a clock set in the
// past, so /releases shows a finished history (with attestations), a release waiting at PROD for a security
// officer, and one waiting at STAGING for a release engineer. The demo pipeline asks (with an API token the demo
// administrator created for it, as at a real site), the demo release engineer and security officer decide. Runs
// once: any promotion request already there (seeded or real) leaves it alone; a release that is not there (or
// does not verify) is skipped.
import { createApiToken } from "../../api-tokens/create-api-token";
import type { PortalPrisma } from "../../db/connection";
import { DEMO_USERS } from "../../db/demo-users";
import { type Clock, manualClock, systemClock } from "../../lib/clock";
import { logger } from "../../lib/logger";
import type { PersonActor, TokenActor } from "./deps";
import { decidePromotionStep, requestPromotionStep } from "./steps";
import type { Environment } from "./vocabulary";

const HOUR = 3_600_000;

type Step =
  | { hoursAgo: number; request: Environment }
  | { hoursAgo: number; approve: Environment; by: "release" | "security"; comment: string };

/** What happens to each seeded release (server/releases: the registration seed's products and versions). */
export const DEMO_PROMOTION_PLAN: ReadonlyArray<{ product: string; version: string; steps: Step[] }> = [
  {
    product: "portal",
    version: "2.3.0",
    steps: [
      { hoursAgo: 95, request: "DEV" },
      { hoursAgo: 94, request: "STAGING" },
      {
        hoursAgo: 93,
        approve: "STAGING",
        by: "release",
        comment: "Smoke tests and migrations green on staging-1",
      },
      { hoursAgo: 70, request: "PROD" },
      { hoursAgo: 69, approve: "PROD", by: "security", comment: "SBOM scanned: no open critical CVEs" },
      { hoursAgo: 68, approve: "PROD", by: "release", comment: "Change CHG-2301 approved by CAB" },
    ],
  },
  {
    product: "agent",
    version: "1.8.2",
    steps: [
      { hoursAgo: 49, request: "DEV" },
      { hoursAgo: 48, request: "STAGING" },
      {
        hoursAgo: 47,
        approve: "STAGING",
        by: "release",
        comment: "Fleet canary on staging healthy for 24 h",
      },
      { hoursAgo: 2, request: "PROD" },
      { hoursAgo: 1, approve: "PROD", by: "release", comment: "Rollout plan CHG-2318 ready" },
    ],
  },
  {
    product: "portal",
    version: "2.4.0-rc.1",
    steps: [
      { hoursAgo: 25, request: "DEV" },
      { hoursAgo: 1, request: "STAGING" },
    ],
  },
];

async function person(prisma: PortalPrisma, role: "RELEASE_ENGINEER" | "SECURITY_OFFICER" | "ADMIN") {
  const email = DEMO_USERS.find((user) => user.roles.includes(role))?.email ?? "";
  const row = await prisma.user.findUnique({
    where: { email },
    select: { id: true, name: true, roles: true },
  });
  return row ? { ...row, roles: row.roles as string[] } : null;
}

export async function seedDemoPromotions(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
): Promise<{ requests: number }> {
  if ((await prisma.promotionRequest.count()) > 0) return { requests: 0 };
  const [release, security, admin] = await Promise.all([
    person(prisma, "RELEASE_ENGINEER"),
    person(prisma, "SECURITY_OFFICER"),
    person(prisma, "ADMIN"),
  ]);
  const releases = await prisma.release.findMany({
    where: { OR: DEMO_PROMOTION_PLAN.map(({ product, version }) => ({ product, version })) },
    select: { id: true, product: true, version: true, verificationStatus: true, createdAt: true },
  });
  if (!release || !security || !admin || releases.length === 0) return { requests: 0 };

  const now = clock.now().getTime();
  const past = manualClock(new Date(now - 100 * HOUR));
  const token = await createApiToken(prisma, {
    actor: { id: admin.id, name: admin.name, roles: admin.roles },
    clock: past,
    input: {
      name: "demo pipeline",
      scopes: ["release:register", "promotion:request", "release:read"],
      expiresInDays: 365,
    },
  });
  const pipeline: TokenActor = {
    kind: "api-token",
    tokenId: token.summary.id,
    name: `api-token:demo pipeline (${token.summary.prefix}…)`,
    audit: { id: null, name: `api-token:demo pipeline (${token.summary.prefix}…)`, roles: [] },
  };
  const deciders = {
    release: { kind: "person", ...release, breakGlassSessionId: null } satisfies PersonActor,
    security: { kind: "person", ...security, breakGlassSessionId: null } satisfies PersonActor,
  };
  const deps = { prisma, clock: past };

  let requests = 0;
  for (const plan of DEMO_PROMOTION_PLAN) {
    const row = releases.find(
      (candidate) => candidate.product === plan.product && candidate.version === plan.version,
    );
    if (row?.verificationStatus !== "VERIFIED") continue;
    const open = new Map<Environment, string>();
    try {
      for (const step of plan.steps) {
        // never before the release existed, whatever the plan says
        past.set(new Date(Math.max(now - step.hoursAgo * HOUR, row.createdAt.getTime() + 60_000)));
        if ("request" in step) {
          const result = await requestPromotionStep(deps, {
            releaseId: row.id,
            environment: step.request,
            actor: pipeline,
          });
          open.set(step.request, result.requestId);
          requests += 1;
        } else {
          const decider = deciders[step.by];
          await decidePromotionStep(deps, {
            requestId: open.get(step.approve) ?? "",
            decision: "APPROVE",
            comment: step.comment,
            decider: { ...decider, authTime: past.now() },
          });
        }
      }
    } catch (error) {
      // a demo release the plan cannot move (say a key was revoked) stays where it got to
      logger.warn("demo promotion stopped", { product: plan.product, version: plan.version, error });
    }
  }
  return { requests };
}
