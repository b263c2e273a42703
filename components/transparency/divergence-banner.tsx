"use client";

import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { trpc } from "@/components/trpc/client";
import type { AlarmView } from "@/server/evidence/transparency/schemas";

/**
 * Across the top of every portal page for those who look after the transparency-log mirror, while a divergence
 * alarm is open: a log signed two histories that cannot both be true. Rendered with the page (no flash), then kept
 * current while the page stays open; it goes away only when the alarm is acknowledged with a note.
 */
export function DivergenceBanner({ initial }: { initial: AlarmView[] }) {
  const alarms = trpc.mirror.openAlarms.useQuery(undefined, {
    initialData: initial,
    refetchInterval: 30_000,
  });
  const open = alarms.data ?? [];
  const [first] = open;
  if (!first) return null;
  const logs = [...new Set(open.map((alarm) => alarm.logName))];
  return (
    <section
      aria-label="Transparency log divergence"
      className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b-2 border-bad-solid bg-bad-soft px-6 py-2.5 text-sm text-bad-fg"
    >
      <span className="flex items-center gap-2 font-semibold">
        <ShieldAlert className="size-5" aria-hidden="true" />
        Transparency log divergence
      </span>
      <span>
        {logs.join(", ")} signed{" "}
        {open.length === 1 ? "a checkpoint that conflicts" : `${open.length} checkpoints that conflict`} with
        what the mirror holds.
      </span>
      <Link
        href={`/evidence/transparency?log=${encodeURIComponent(first.logId)}`}
        className="ml-auto font-medium underline underline-offset-2"
      >
        Review the alarm
      </Link>
    </section>
  );
}
