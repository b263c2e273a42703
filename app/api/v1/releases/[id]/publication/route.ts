// Publishes a release that reached PROD: the publication record is written once.
import { apiDependencies } from "@/server/http/api-dependencies";
import { releaseApi } from "@/server/releases/rest-api";

export const POST = releaseApi(apiDependencies).publish;
