// POST: a pipeline requests a promotion (token scope promotion:request); GET: where the release stands (release:read).
import { apiDependencies } from "@/server/http/api-dependencies";
import { promotionApiRoutes } from "@/server/releases/promotion/api-routes";

const routes = promotionApiRoutes(apiDependencies);

export const POST = routes.request;
export const GET = routes.status;
