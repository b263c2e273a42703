import type { Metadata } from "next";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import a readiness tracker" };

export default async function ImportPage() {
  await requirePagePermission("compliance:edit", "/compliance/import");
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/compliance", label: "Compliance" }} current="Import tracker" />
      <ImportForm />
    </div>
  );
}
