import type { Metadata } from "next";
import { Suspense } from "react";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { BundlesBrowser } from "./bundles-browser";

export const metadata: Metadata = { title: "Evidence bundles" };

export default async function BundlesPage() {
  const { permissions } = await requirePagePermission("evidence:read", "/evidence/bundles");
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/evidence", label: "Evidence" }} current="Bundles" />
      {/* the browser reads the picked evidence and the highlighted bundle from the URL */}
      <Suspense>
        <BundlesBrowser canExport={permissions.has("evidence:export")} />
      </Suspense>
    </div>
  );
}
