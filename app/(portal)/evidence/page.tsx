import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePagePermission } from "@/server/authz/page-access";
import { env } from "@/server/env";
import { MIB } from "@/server/evidence/limits";
import { EvidenceBrowser } from "./evidence-browser";

export const metadata: Metadata = { title: "Evidence" };

export default async function EvidencePage() {
  const { permissions } = await requirePagePermission("evidence:read", "/evidence");
  return (
    // The browser reads its filters from the URL (useSearchParams), which needs a Suspense boundary above it.
    <Suspense>
      <EvidenceBrowser
        canUpload={permissions.has("evidence:upload")}
        canExport={permissions.has("evidence:export")}
        maxUploadBytes={env.EVIDENCE_MAX_UPLOAD_MB * MIB}
      />
    </Suspense>
  );
}
