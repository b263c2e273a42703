// The bytes of one piece of evidence, served only while they still hash to the record (scope evidence:read).

import { evidenceApi } from "@/server/evidence/http-api";
import { processEvidenceDeps } from "@/server/evidence/process-deps";
import { apiDependencies } from "@/server/http/api-dependencies";

export const GET = evidenceApi(apiDependencies, processEvidenceDeps).content;
