import type { Metadata } from "next";
import { requirePagePermission } from "@/server/authz/page-access";
import { ProgramsBrowser } from "./programs-browser";

export const metadata: Metadata = { title: "Compliance readiness" };

export default async function CompliancePage() {
  const { permissions } = await requirePagePermission("compliance:read", "/compliance");
  return <ProgramsBrowser canEdit={permissions.has("compliance:edit")} />;
}
