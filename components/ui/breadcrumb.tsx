import { ChevronRight } from "lucide-react";
import Link from "next/link";

/** "Parent › Current" above a sub-page's header. */
export function Breadcrumb({
  parent,
  current,
}: {
  parent: { href: string; label: string };
  current: string;
}) {
  return (
    <nav aria-label="Breadcrumb" className="-mb-3 text-sm text-fg-muted">
      <ol className="flex items-center gap-1">
        <li>
          <Link href={parent.href} className="hover:text-fg hover:underline">
            {parent.label}
          </Link>
        </li>
        <li aria-hidden="true">
          <ChevronRight className="size-3.5" />
        </li>
        <li aria-current="page" className="text-fg">
          {current}
        </li>
      </ol>
    </nav>
  );
}
