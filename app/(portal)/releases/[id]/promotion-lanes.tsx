"use client";

// The DEV -> STAGING -> PROD lane of one release, as the promotion view describes it: each stage's state and a
// short line (who approved, what it waits for, until when).
import { formatDateTime } from "@/components/format/date-time";
import { PipelineLanes } from "@/components/status/pipeline-lanes";
import type { EnvironmentView } from "@/server/releases/promotion/get-release-promotions";

export function PromotionLanes({ environments, label }: { environments: EnvironmentView[]; label: string }) {
  return (
    <PipelineLanes
      label={label}
      stages={environments.map((environment) => ({
        name: environment.environment,
        state: environment.lane.state,
        detail: environment.lane.detail.at
          ? `${environment.lane.detail.text} ${formatDateTime(environment.lane.detail.at)}`
          : environment.lane.detail.text,
      }))}
    />
  );
}
