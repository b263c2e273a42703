import type { Metadata } from "next";
import { Suspense } from "react";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { env } from "@/server/env";
import { DEMO_CUSTODIANS } from "@/server/signing/ceremonies/seed-custodians";
import { CeremoniesBrowser } from "./ceremonies-browser";

export const metadata: Metadata = { title: "Key ceremonies" };

export default async function CeremoniesPage() {
  const { permissions } = await requirePagePermission("key:read", "/keys/ceremonies");
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/keys", label: "Signing keys" }} current="Ceremonies" />
      <Suspense>
        <CeremoniesBrowser
          canStart={permissions.has("key:manage")}
          canDecide={permissions.has("ceremony:approve")}
          demoCustodians={env.DEMO_MODE ? DEMO_CUSTODIANS.map((user) => user.email) : []}
        />
      </Suspense>
    </div>
  );
}
