import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

export type BadgeTone = "neutral" | "ok" | "warn" | "bad" | "info";

const tones: Record<BadgeTone, string> = {
  neutral: "border-border bg-surface-muted text-fg-muted",
  ok: "border-ok-line bg-ok-soft text-ok-fg",
  warn: "border-warn-line bg-warn-soft text-warn-fg",
  bad: "border-bad-line bg-bad-soft text-bad-fg",
  info: "border-info-line bg-info-soft text-info-fg",
};

export type BadgeProps = ComponentProps<"span"> & { tone?: BadgeTone };

export function Badge({ tone = "neutral", className, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap [&_svg]:size-3.5",
        tones[tone],
        className,
      )}
      {...props}
    />
  );
}
