// Evidence for CI pipelines: POST uploads (multipart; scope evidence:upload), GET lists (scope evidence:read).

import { evidenceApi } from "@/server/evidence/http-api";
import { processEvidenceDeps } from "@/server/evidence/process-deps";
import { apiDependencies } from "@/server/http/api-dependencies";

const api = evidenceApi(apiDependencies, processEvidenceDeps);

export const POST = api.upload;
export const GET = api.list;
