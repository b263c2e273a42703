// The signed-in user for this request. The Auth.js token says who they are and when they authenticated; what
// they may do (roles) and whether they may still do anything (disabled, a bootstrap account past its deadline) is
// read from the database every time (load-session-user.ts), so a role change or a disabled account takes effect on
// the next request, not when the 8-hour token expires.
import "server-only";
import { cache } from "react";
import { getPrisma } from "../db";
import { systemClock } from "../lib/clock";
import { auth } from "./config";
import { loadSessionUser, type SessionUser } from "./load-session-user";

export type { SessionUser };

// cache(): one database read per request even when the layout, the page and tRPC all ask.
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  return loadSessionUser(await getPrisma(), { claimed: session?.user, now: systemClock.now() });
});
