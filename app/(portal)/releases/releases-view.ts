// The release list's filters live in the URL (shareable, survive a reload); this turns them into releases.list input.
import { RELEASE_STAGE_FILTERS, type ReleaseStageFilter } from "@/server/releases/schemas";
import { isVerificationStatus, type VerificationStatus } from "@/server/releases/vocabulary";

export type ReleasesView = {
  product: string;
  status: VerificationStatus | "";
  stage: ReleaseStageFilter | "";
  waitingForMe: boolean;
};

type ParamReader = { get(name: string): string | null };

const isStage = (value: string): value is ReleaseStageFilter =>
  (RELEASE_STAGE_FILTERS as readonly string[]).includes(value);

export function readReleasesView(params: ParamReader): ReleasesView {
  const status = params.get("status") ?? "";
  const stage = params.get("stage") ?? "";
  const product = params.get("product") ?? "";
  return {
    product: /^[a-z0-9][a-z0-9._-]{0,63}$/.test(product) ? product : "",
    status: isVerificationStatus(status) ? status : "",
    stage: isStage(stage) ? stage : "",
    waitingForMe: params.get("waiting") === "me",
  };
}

export function releasesViewQuery(view: ReleasesView, current: { toString(): string }): string {
  const next = new URLSearchParams(current.toString());
  const set = (name: string, value: string) => {
    if (value === "") next.delete(name);
    else next.set(name, value);
  };
  set("product", view.product);
  set("status", view.status);
  set("stage", view.stage);
  set("waiting", view.waitingForMe ? "me" : "");
  return next.toString();
}

export const NO_FILTERS: ReleasesView = { product: "", status: "", stage: "", waitingForMe: false };

export function hasActiveFilters(view: ReleasesView): boolean {
  return view.product !== "" || view.status !== "" || view.stage !== "" || view.waitingForMe;
}

export function toListInput(view: ReleasesView) {
  return {
    ...(view.product ? { product: view.product } : {}),
    ...(view.status ? { status: view.status } : {}),
    ...(view.stage ? { stage: view.stage } : {}),
    ...(view.waitingForMe ? { waitingForMe: true } : {}),
  };
}
