"use client";

import { Timer } from "lucide-react";
import { useEffect, useEffectEvent, useState } from "react";
import { cn } from "@/components/ui/cn";

export type CountdownProps = {
  /** ISO 8601 instant, e.g. a session's expiresAt. */
  expiresAt: string;
  /** Read before the time by screen readers; the visible text is the time alone. */
  label?: string;
  onExpire?: () => void;
  className?: string;
};

const warnBelowSeconds = 120;
const badBelowSeconds = 30;

export function Countdown({ expiresAt, label = "Time remaining", onExpire, className }: CountdownProps) {
  // An unparseable time counts as already expired: this guards access windows, so fail closed.
  const parsed = Date.parse(expiresAt);
  const expiry = Number.isNaN(parsed) ? 0 : parsed;

  // null until mounted: the server's clock must not be baked into the HTML (hydration mismatch).
  const [now, setNow] = useState<number | null>(null);
  const expire = useEffectEvent(() => onExpire?.());

  useEffect(() => {
    const tick = () => {
      const current = Date.now();
      setNow(current);
      if (current >= expiry) {
        clearInterval(interval);
        expire();
      }
    };
    // Faster than once a second so the display never lags a second behind the real clock.
    const interval = setInterval(tick, 250);
    tick();
    return () => clearInterval(interval);
  }, [expiry]);

  // Whole seconds, rounded up, so the colour changes exactly when the text crosses 01:59 / 00:29.
  const remaining = now === null ? null : Math.max(0, Math.ceil((expiry - now) / 1000));
  const expired = remaining === 0;
  const tone =
    remaining === null || remaining >= warnBelowSeconds
      ? "text-fg"
      : remaining >= badBelowSeconds
        ? "text-warn-fg"
        : "text-bad-fg";

  return (
    <span
      role="timer"
      className={cn("inline-flex items-center gap-1.5 font-medium tabular-nums", tone, className)}
    >
      <Timer className="size-4 shrink-0" aria-hidden="true" />
      <span className="sr-only">{label}: </span>
      <time dateTime={expiresAt}>
        {remaining === null ? "--:--" : expired ? "expired" : formatRemaining(remaining)}
      </time>
    </span>
  );
}

/** mm:ss, or h:mm:ss from one hour up. */
export function formatRemaining(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}
