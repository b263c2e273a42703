// One release: its verification report, artifacts, pipeline lane and publication.
import { apiDependencies } from "@/server/http/api-dependencies";
import { releaseApi } from "@/server/releases/rest-api";

export const GET = releaseApi(apiDependencies).get;
