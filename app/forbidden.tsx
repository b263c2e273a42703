import { ShieldX } from "lucide-react";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 px-6 text-center">
      <ShieldX className="size-12 text-bad-solid" aria-hidden="true" />
      <h1 className="text-2xl font-semibold text-fg">403 — You do not have access to this page</h1>
      <p className="max-w-md text-sm text-fg-muted">
        Your roles do not include the permission this page needs. The attempt was recorded in the audit log.
        If you need access, ask an administrator, or open a break-glass session if this is an emergency.
      </p>
      <Link href="/" className={buttonClasses("secondary")}>
        Back to the overview
      </Link>
    </main>
  );
}
