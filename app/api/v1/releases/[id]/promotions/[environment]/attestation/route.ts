// GET: the promotion attestation (DSSE envelope) of a release in an environment (token scope release:read).
import { apiDependencies } from "@/server/http/api-dependencies";
import { promotionApiRoutes } from "@/server/releases/promotion/api-routes";

export const GET = promotionApiRoutes(apiDependencies).attestation;
