import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePagePermission } from "@/server/authz/page-access";
import { BreakGlassConsole } from "./break-glass-console";

export const metadata: Metadata = { title: "Break-glass" };

export default async function BreakGlassPage() {
  const { permissions } = await requirePagePermission("breakglass:read", "/break-glass");
  return (
    // the sessions table reads its filter from the URL (useSearchParams), which needs a Suspense boundary
    <Suspense>
      <BreakGlassConsole canOpen={permissions.has("breakglass:open")} />
    </Suspense>
  );
}
