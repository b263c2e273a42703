// A pipeline's first call: which token am I, what may it do, when does it expire. Any valid token may ask.

import { apiDependencies } from "@/server/http/api-dependencies";
import { apiRoute } from "@/server/http/api-route";

export const GET = apiRoute(apiDependencies, {
  permission: "any-valid-token",
  handle: async ({ caller }) => ({
    token: { name: caller.name, prefix: caller.prefix, scopes: caller.scopes },
  }),
});
