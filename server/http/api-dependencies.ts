import "server-only";
// What the real /api/v1 routes run on: the process's database and the system clock. Tests pass their own.
import { getPrisma } from "../db";
import { systemClock } from "../lib/clock";
import type { ApiRouteDependencies } from "./api-route";

export const apiDependencies: ApiRouteDependencies = { prisma: getPrisma, clock: systemClock };
