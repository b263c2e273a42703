import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePagePermission } from "@/server/authz/page-access";
import { ContinuityConsole } from "./continuity-console";

export const metadata: Metadata = { title: "Continuity reports" };

export default async function ContinuityPage() {
  const { permissions } = await requirePagePermission("evidence:read", "/reports/continuity");
  return (
    <Suspense>
      <ContinuityConsole canVerify={permissions.has("evidence:verify")} />
    </Suspense>
  );
}
