// The signed-in user for this request. The Auth.js token says who they are and when they authenticated; what
// they may do (roles) and whether they may still do anything (disabled) is read from the database every time, so
// a role change or a disabled account takes effect on the next request, not when the 8-hour token expires.
import "server-only";
import { cache } from "react";
import type { Role } from "../authz/permissions";
import { getPrisma } from "../db";
import { auth } from "./config";
import type { AuthMethod } from "./types";

export type SessionUser = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  authTime: Date;
  authMethod: AuthMethod;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// cache(): one database read per request even when the layout, the page and tRPC all ask.
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const claimed = session?.user;
  // A token from another database (a wiped dev volume) must not reach a uuid column as garbage.
  if (!claimed || !UUID.test(claimed.id) || !Number.isFinite(claimed.authTime)) return null;
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: claimed.id },
    select: { id: true, name: true, email: true, roles: true, disabled: true },
  });
  // No role left means nothing left to do here: treated as signed out, and the sign-in page says why.
  if (!user || user.disabled || user.roles.length === 0) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: user.roles,
    authTime: new Date(claimed.authTime * 1000),
    authMethod: claimed.authMethod,
  };
});
