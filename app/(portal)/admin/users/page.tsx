import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requirePagePermission } from "@/server/authz/page-access";
import { UsersBrowser } from "./users-browser";

export const metadata: Metadata = { title: "User accounts" };

export default async function UsersPage() {
  const { user } = await requirePagePermission("admin:users", "/admin/users");
  return (
    <div className="flex flex-col gap-5">
      <nav aria-label="Breadcrumb" className="-mb-3 text-sm text-fg-muted">
        <ol className="flex items-center gap-1">
          <li>
            <Link href="/admin" className="hover:text-fg hover:underline">
              Administration
            </Link>
          </li>
          <li aria-hidden="true">
            <ChevronRight className="size-3.5" />
          </li>
          <li aria-current="page" className="text-fg">
            User accounts
          </li>
        </ol>
      </nav>
      {/* The browser reads its filters from the URL (useSearchParams), which needs a Suspense boundary above it. */}
      <Suspense>
        <UsersBrowser currentUserId={user.id} />
      </Suspense>
    </div>
  );
}
