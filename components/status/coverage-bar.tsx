import { useId } from "react";
import { cn } from "@/components/ui/cn";

export type CoverageBarProps = {
  /** Percentage, 0–100; values outside are clamped and NaN counts as 0. */
  value: number;
  label: string;
  /** At or above: green. */
  okAt?: number;
  /** At or above (and below okAt): amber; below: red. */
  warnAt?: number;
  className?: string;
};

export function CoverageBar({ value, label, okAt = 80, warnAt = 50, className }: CoverageBarProps) {
  const labelId = useId();
  const percent = Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
  const text = `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
  const fill = percent >= okAt ? "bg-ok-solid" : percent >= warnAt ? "bg-warn-solid" : "bg-bad-solid";

  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span id={labelId} className="text-fg-muted">
          {label}
        </span>
        <span className="font-medium text-fg tabular-nums">{text}</span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className={cn("h-full rounded-full", fill)} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
