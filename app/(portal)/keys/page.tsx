import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePagePermission } from "@/server/authz/page-access";
import { KeysBrowser } from "./keys-browser";

export const metadata: Metadata = { title: "Signing keys" };

export default async function KeysPage() {
  const { permissions } = await requirePagePermission("key:read", "/keys");
  return (
    // The browser reads its filters from the URL (useSearchParams), which needs a Suspense boundary above it.
    <Suspense>
      <KeysBrowser canManage={permissions.has("key:manage")} />
    </Suspense>
  );
}
