import type { Metadata } from "next";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { EnvironmentsConsole } from "./environments-console";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  const { permissions } = await requirePagePermission("release:read", "/releases/environments");
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/releases", label: "Releases" }} current="Environments" />
      <EnvironmentsConsole canManage={permissions.has("policy:manage")} />
    </div>
  );
}
