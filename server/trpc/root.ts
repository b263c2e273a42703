import { apiTokensRouter } from "../api-tokens/router";
import { checkpointsRouter } from "../audit/checkpoints/router";
import { auditRouter } from "../audit/router";
import { authzRouter } from "../authz/router";
import { breakGlassRouter } from "../breakglass/router";
import { complianceRouter } from "../compliance/router";
import { continuityRouter } from "../evidence/continuity/router";
import { evidenceRouter } from "../evidence/router";
import { mirrorRouter } from "../evidence/transparency/router";
import { notificationsRouter } from "../notifications/router";
import { policiesRouter } from "../policies/router";
import { promotionsRouter } from "../releases/promotion/router";
import { releasesRouter } from "../releases/router";
import { ceremoniesRouter } from "../signing/ceremonies/router";
import { keysRouter } from "../signing/router";
import { usersRouter } from "../users/router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  apiTokens: apiTokensRouter,
  authz: authzRouter,
  audit: auditRouter,
  checkpoints: checkpointsRouter,
  mirror: mirrorRouter,
  users: usersRouter,
  keys: keysRouter,
  breakGlass: breakGlassRouter,
  notifications: notificationsRouter,
  compliance: complianceRouter,
  ceremonies: ceremoniesRouter,
  promotions: promotionsRouter,
  policies: policiesRouter,
  releases: releasesRouter,
  evidence: evidenceRouter,
  continuity: continuityRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
