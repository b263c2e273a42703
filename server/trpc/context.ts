// What every procedure receives. Built from the HTTP request in the route handler, and by hand in tests.

import type { SessionUser } from "../auth/session";
import type { Principal } from "../authz/effective-permissions";
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";

export type { SessionUser };

export type RequestMeta = { requestId: string; ip: string | null; userAgent: string | null };

export type Context = {
  prisma: PortalPrisma;
  clock: Clock;
  user: SessionUser | null;
  principal: Principal | null;
  request: RequestMeta;
};
