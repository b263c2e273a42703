import type { Metadata } from "next";
import { Suspense } from "react";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { ApiTokensBrowser } from "./api-tokens-browser";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  await requirePagePermission("admin:api-tokens", "/admin/api-tokens");
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/admin", label: "Administration" }} current="API tokens" />
      <Suspense>
        <ApiTokensBrowser />
      </Suspense>
    </div>
  );
}
