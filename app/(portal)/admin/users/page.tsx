import type { Metadata } from "next";
import { Suspense } from "react";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { requirePagePermission } from "@/server/authz/page-access";
import { UsersBrowser } from "./users-browser";

export const metadata: Metadata = { title: "User accounts" };

export default async function UsersPage() {
  const { user } = await requirePagePermission("admin:users", "/admin/users");
  return (
    <div className="flex flex-col gap-5">
      <Breadcrumb parent={{ href: "/admin", label: "Administration" }} current="User accounts" />
      {/* The browser reads its filters from the URL (useSearchParams), which needs a Suspense boundary above it. */}
      <Suspense>
        <UsersBrowser currentUserId={user.id} />
      </Suspense>
    </div>
  );
}
