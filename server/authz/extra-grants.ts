// Where time-limited grants come from. Break-glass sessions are the source (issue: break-glass); until that
// module lands, no one has extra grants and the matrix alone decides.
import type { PortalPrisma } from "../db/connection";
import type { ExtraGrant } from "./effective-permissions";

export async function findActiveGrants(
  _prisma: PortalPrisma,
  _userId: string,
  _now: Date,
): Promise<ExtraGrant[]> {
  return [];
}
