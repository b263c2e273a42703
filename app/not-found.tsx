import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 px-6 text-center">
      <h1 className="text-2xl font-semibold text-fg">404 — Page not found</h1>
      <p className="max-w-md text-sm text-fg-muted">There is nothing at this address.</p>
      <Link href="/" className={buttonClasses("secondary")}>
        Back to the overview
      </Link>
    </main>
  );
}
