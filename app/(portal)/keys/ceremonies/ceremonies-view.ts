// The ceremony list's filters live in the URL (shareable, survive a reload).
import { type CeremonyStatus, isCeremonyStatus } from "@/server/signing/ceremonies/vocabulary";

export type CeremoniesView = { status: CeremonyStatus | "" };

export function readCeremoniesView(params: { get(name: string): string | null }): CeremoniesView {
  const status = params.get("status") ?? "";
  return { status: isCeremonyStatus(status) ? status : "" };
}

export function ceremoniesViewQuery(view: CeremoniesView, current: { toString(): string }): string {
  const next = new URLSearchParams(current.toString());
  if (view.status) next.set("status", view.status);
  else next.delete("status");
  return next.toString();
}
