import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { logger } from "@/server/lib/logger";
import { createRequestContext } from "@/server/trpc/create-context";
import { appRouter } from "@/server/trpc/root";

function handler(request: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(request),
    onError({ error, path, ctx }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error("trpc request failed", {
          path,
          requestId: ctx?.request.requestId,
          error: error.cause ?? error,
        });
      }
    },
  });
}

export { handler as GET, handler as POST };
