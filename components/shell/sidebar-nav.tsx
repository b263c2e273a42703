"use client";
import { LayoutDashboard } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import type { NavSection } from "@/server/authz/navigation";
import { navIcons } from "./nav-icons";

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function SidebarNav({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  const items = [{ href: "/", label: "Overview", Icon: LayoutDashboard }].concat(
    sections.map((section) => ({ href: section.href, label: section.label, Icon: navIcons[section.icon] })),
  );
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5 px-2">
      {items.map(({ href, label, Icon }) => {
        const active = isActive(pathname, href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
              active
                ? "bg-sidebar-active text-sidebar-fg-active"
                : "text-sidebar-fg hover:bg-sidebar-hover hover:text-sidebar-fg-active",
            )}
          >
            <Icon className="size-4 shrink-0" aria-hidden="true" />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
