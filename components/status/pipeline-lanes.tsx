import { ArrowRight, Ban, CircleCheck, CircleDashed, Hourglass, type LucideIcon } from "lucide-react";
import { Fragment, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type StageState = "done" | "waiting" | "blocked" | "pending";

export type PipelineStage = {
  /** e.g. "DEV", "STAGING", "PROD". */
  name: string;
  state: StageState;
  /** A short line under the state, e.g. "2 of 3 approvals" or the blocking reason. */
  detail?: ReactNode;
};

export type PipelineLanesProps = {
  /** In promotion order. */
  stages: ReadonlyArray<PipelineStage>;
  label?: string;
  className?: string;
  /** "compact" fits a table row: smaller boxes, the state beside the name, the detail on one line */
  density?: "default" | "compact";
};

// Each state has its own icon and word as well as a colour, so it reads without colour vision.
const stateStyles: Record<StageState, { icon: LucideIcon; text: string; box: string; ink: string }> = {
  done: { icon: CircleCheck, text: "Done", box: "border-ok-line bg-ok-soft", ink: "text-ok-fg" },
  waiting: { icon: Hourglass, text: "Waiting", box: "border-warn-line bg-warn-soft", ink: "text-warn-fg" },
  blocked: { icon: Ban, text: "Blocked", box: "border-bad-line bg-bad-soft", ink: "text-bad-fg" },
  pending: {
    icon: CircleDashed,
    text: "Pending",
    box: "border-border bg-surface-muted",
    ink: "text-fg-muted",
  },
};

export function PipelineLanes({
  stages,
  label = "Promotion pipeline",
  className,
  density = "default",
}: PipelineLanesProps) {
  const compact = density === "compact";
  return (
    <ol
      aria-label={label}
      className={cn(
        "flex",
        compact ? "flex-wrap items-center gap-1 xl:flex-nowrap" : "flex-wrap items-stretch gap-2",
        className,
      )}
    >
      {stages.map((stage, index) => {
        const style = stateStyles[stage.state];
        const Icon = style.icon;
        return (
          <Fragment key={stage.name}>
            {index > 0 ? (
              <li aria-hidden="true" className="flex items-center text-fg-subtle">
                <ArrowRight className={compact ? "size-3" : "size-4"} />
              </li>
            ) : null}
            <li
              data-state={stage.state}
              className={cn(
                "flex items-start rounded-md border",
                // compact boxes take the width of their words, so a row's lane reads as one line
                compact ? "max-w-52 gap-1.5 px-2 py-1" : "min-w-36 flex-1 gap-2 px-3 py-2",
                style.box,
              )}
            >
              <Icon
                className={cn("mt-0.5 shrink-0", compact ? "size-3.5" : "size-4", style.ink)}
                aria-hidden="true"
              />
              {compact ? (
                <div className="min-w-0 text-xs">
                  <p className="whitespace-nowrap">
                    <span className="font-semibold text-fg">{stage.name}</span>{" "}
                    <span className={cn("font-medium", style.ink)}>{style.text}</span>
                  </p>
                  {stage.detail ? <p className="text-fg-muted">{stage.detail}</p> : null}
                </div>
              ) : (
                <div className="min-w-0">
                  <p className="text-sm font-semibold text-fg">{stage.name}</p>
                  <p className={cn("text-xs font-medium", style.ink)}>{style.text}</p>
                  {stage.detail ? <p className="mt-0.5 text-xs text-fg-muted">{stage.detail}</p> : null}
                </div>
              )}
            </li>
          </Fragment>
        );
      })}
    </ol>
  );
}
