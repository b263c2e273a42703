// One evidence record with its links (scope evidence:read).

import { evidenceApi } from "@/server/evidence/http-api";
import { processEvidenceDeps } from "@/server/evidence/process-deps";
import { apiDependencies } from "@/server/http/api-dependencies";

export const GET = evidenceApi(apiDependencies, processEvidenceDeps).get;
