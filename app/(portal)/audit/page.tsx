import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePagePermission } from "@/server/authz/page-access";
import { AuditBrowser } from "./audit-browser";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const { permissions } = await requirePagePermission("audit:read", "/audit");
  return (
    // The browser reads its filters from the URL (useSearchParams), which needs a Suspense boundary above it.
    <Suspense>
      <AuditBrowser canVerify={permissions.has("audit:verify")} />
    </Suspense>
  );
}
