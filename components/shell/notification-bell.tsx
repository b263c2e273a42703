"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { trpc } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/** The user's notices (break-glass opened, approved, revoked, expired...), newest first, with an unread count. */
export function NotificationBell() {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const utils = trpc.useUtils();
  const list = trpc.notifications.list.useQuery(undefined, { refetchInterval: 15_000 });
  const markRead = trpc.notifications.markRead.useMutation({
    onSuccess: () => utils.notifications.list.invalidate(),
  });
  const unread = list.data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    const onClick = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <Button
        variant="ghost"
        size="icon"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        onClick={() => setOpen(!open)}
        className="relative"
      >
        <Bell aria-hidden="true" />
        {unread > 0 ? (
          <span
            aria-hidden="true"
            className="absolute -top-0.5 -right-0.5 flex min-w-4.5 items-center justify-center rounded-full bg-bad-solid px-1 text-[0.65rem] leading-4.5 font-semibold text-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </Button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-40 mt-2 w-96 rounded-lg border border-border bg-surface shadow-lg"
      >
        <div className="flex items-center justify-between border-b border-border px-4 py-2.5">
          <h2 className="text-sm font-semibold text-fg">Notifications</h2>
          <Button
            variant="ghost"
            size="sm"
            disabled={unread === 0 || markRead.isPending}
            onClick={() => markRead.mutate({})}
          >
            Mark all read
          </Button>
        </div>
        {list.data && list.data.items.length > 0 ? (
          <ul className="max-h-96 divide-y divide-border overflow-y-auto" aria-label="Latest notifications">
            {list.data.items.map((item) => (
              <li key={item.id} className={cn("px-4 py-3", !item.read && "bg-accent-soft")}>
                {item.link ? (
                  <Link
                    href={item.link}
                    className="text-sm font-medium text-fg hover:underline"
                    onClick={() => {
                      setOpen(false);
                      if (!item.read) markRead.mutate({ ids: [item.id] });
                    }}
                  >
                    {item.title}
                  </Link>
                ) : (
                  <p className="text-sm font-medium text-fg">{item.title}</p>
                )}
                <p className="mt-0.5 line-clamp-2 text-xs text-fg-muted">{item.body}</p>
                <p className="mt-1 text-xs text-fg-subtle">
                  <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt)}</time>
                  {item.read ? null : <span className="sr-only"> (unread)</span>}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="px-4 py-6 text-center text-sm text-fg-muted">Nothing new.</p>
        )}
      </div>
    </div>
  );
}
