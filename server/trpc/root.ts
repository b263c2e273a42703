import { auditRouter } from "../audit/router";
import { authzRouter } from "../authz/router";
import { usersRouter } from "../users/router";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  authz: authzRouter,
  audit: auditRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
