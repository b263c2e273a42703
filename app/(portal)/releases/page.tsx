import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePagePermission } from "@/server/authz/page-access";
import { ReleasesBrowser } from "./releases-browser";

export const metadata: Metadata = { title: "Releases" };

export default async function ReleasesPage() {
  const { permissions } = await requirePagePermission("release:read", "/releases");
  return (
    // The browser reads its filters from the URL (useSearchParams), which needs a Suspense boundary above it.
    <Suspense>
      <ReleasesBrowser canRegister={permissions.has("release:register")} />
    </Suspense>
  );
}
