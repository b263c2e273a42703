import { cn } from "@/components/ui/cn";

export type StatusBarTone = "ok" | "warn" | "bad" | "info" | "neutral";

export type StatusBar = { key: string; label: string; count: number; tone: StatusBarTone };

const fills: Record<StatusBarTone, string> = {
  ok: "bg-ok-solid",
  warn: "bg-warn-solid",
  bad: "bg-bad-solid",
  info: "bg-info-solid",
  neutral: "bg-slate-400",
};

/**
 * Counts as horizontal bars, each as long as its share of the total: a chart that reads at a glance and is a plain
 * list for assistive tech (each row says "label: count of total"). `onSelect` makes the rows buttons (e.g. to
 * filter a table by that status); `selected` marks the current one.
 */
export function StatusBars({
  bars,
  caption,
  onSelect,
  selected,
  className,
}: {
  bars: readonly StatusBar[];
  caption: string;
  onSelect?: (key: string) => void;
  selected?: string | null;
  className?: string;
}) {
  const total = bars.reduce((sum, bar) => sum + bar.count, 0);
  return (
    <figure className={cn("flex flex-col gap-2", className)}>
      <figcaption className="sr-only">{caption}</figcaption>
      <ul className="flex flex-col gap-1.5">
        {bars.map((bar) => {
          const share = total === 0 ? 0 : (bar.count / total) * 100;
          const row = (
            <>
              <span className="w-24 shrink-0 text-left text-sm text-fg-muted">{bar.label}</span>
              <span className="h-3 min-w-0 flex-1 overflow-hidden rounded-sm bg-slate-200" aria-hidden="true">
                <span
                  className={cn("block h-full rounded-sm", fills[bar.tone])}
                  style={{ width: `${bar.count > 0 ? Math.max(share, 1) : 0}%` }}
                />
              </span>
              <span className="w-16 shrink-0 text-right text-sm font-medium text-fg tabular-nums">
                {bar.count}
              </span>
              <span className="sr-only">of {total}</span>
            </>
          );
          return (
            <li key={bar.key}>
              {onSelect ? (
                <button
                  type="button"
                  aria-pressed={selected === bar.key}
                  onClick={() => onSelect(bar.key)}
                  className={cn(
                    "flex w-full items-center gap-3 rounded px-1 py-0.5 hover:bg-surface-hover",
                    selected === bar.key && "bg-accent-soft",
                  )}
                >
                  {row}
                </button>
              ) : (
                <span className="flex items-center gap-3 px-1 py-0.5">{row}</span>
              )}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
