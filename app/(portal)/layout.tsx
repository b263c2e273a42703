import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { BreakGlassBanner } from "@/components/breakglass/break-glass-banner";
import { NotificationBell } from "@/components/shell/notification-bell";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { DivergenceBanner } from "@/components/transparency/divergence-banner";
import { TrpcProvider } from "@/components/trpc/provider";
import { visibleSections } from "@/server/authz/navigation";
import { requireViewer } from "@/server/authz/page-access";
import { configuredBreakGlass } from "@/server/breakglass/deps";
import { findMyOpenSession } from "@/server/breakglass/find-sessions";
import { getPrisma } from "@/server/db";
import { env } from "@/server/env";
import { findOpenAlarms } from "@/server/evidence/transparency/alarms";
import { systemClock } from "@/server/lib/clock";

// Every page in this group needs a signed-in user; each page also checks its own permission.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const { user, permissions } = await requireViewer("/");
  // rendered with the page, so the banner is there from the first paint, not after a client fetch
  const prisma = await getPrisma();
  const breakGlass = await findMyOpenSession(
    { prisma, clock: systemClock, policy: configuredBreakGlass().policy },
    user.id,
  );
  // those who look after the transparency-log mirror see its divergence alarms on every page
  const divergences = permissions.has("mirror:manage") ? await findOpenAlarms(prisma) : null;
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      {/* the dark column runs the full height of long pages; its content stays in view while scrolling */}
      <div className="sidebar w-60 shrink-0 bg-sidebar">
        <aside className="sticky top-0 flex h-screen flex-col gap-6 py-5">
          <Link href="/" className="flex items-center gap-2 px-5 text-sidebar-fg-active">
            <ShieldCheck className="size-6 text-accent-line" aria-hidden="true" />
            <span className="text-sm leading-tight font-semibold">
              Release
              <br />
              governance
            </span>
          </Link>
          <SidebarNav sections={visibleSections(permissions)} />
          {env.DEMO_MODE ? (
            <p className="mt-auto px-5 text-xs text-sidebar-fg">
              Demo mode: embedded database with demo accounts.
            </p>
          ) : null}
        </aside>
      </div>
      <TrpcProvider>
        <div className="flex min-w-0 flex-1 flex-col">
          <BreakGlassBanner initial={breakGlass} />
          {divergences ? <DivergenceBanner initial={divergences} /> : null}
          <header className="flex h-16 items-center justify-end gap-3 border-b border-border bg-surface px-6">
            <NotificationBell />
            <UserMenu name={user.name} email={user.email} roles={user.roles} />
          </header>
          <main id="main" className="flex-1 px-8 py-6">
            {children}
          </main>
        </div>
      </TrpcProvider>
    </div>
  );
}
