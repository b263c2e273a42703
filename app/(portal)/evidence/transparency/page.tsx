import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePagePermission } from "@/server/authz/page-access";
import { MirrorBrowser } from "./mirror-browser";

export const metadata: Metadata = { title: "Transparency-log mirror" };

export default async function TransparencyPage() {
  const { permissions } = await requirePagePermission("evidence:read", "/evidence/transparency");
  return (
    // the open log comes from the URL (?log=, the alarm webhook's link), which needs a Suspense boundary above it
    <Suspense>
      <MirrorBrowser
        canManage={permissions.has("mirror:manage")}
        canVerify={permissions.has("evidence:verify")}
      />
    </Suspense>
  );
}
