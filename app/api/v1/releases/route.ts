// CI registers a release (JSON with digests, or multipart with the files) and polls releases by product/version.
import { apiDependencies } from "@/server/http/api-dependencies";
import { releaseApi } from "@/server/releases/rest-api";

const api = releaseApi(apiDependencies);

export const POST = api.register;
export const GET = api.list;
