import type { Metadata } from "next";
import { requirePagePermission } from "@/server/authz/page-access";
import { PoliciesView } from "./policies-view";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const { permissions } = await requirePagePermission("policy:read", "/policies");
  return (
    <PoliciesView canManage={permissions.has("policy:manage")} canSignVex={permissions.has("vex:sign")} />
  );
}
