// The key list's filters live in the URL (shareable, survive a reload); this turns them into keys.list input.
import { BACKEND_KINDS, type BackendKind } from "@/server/signing/signer";
import {
  isSigningKeyPurpose,
  isSigningKeyStatus,
  type SigningKeyPurpose,
  type SigningKeyStatus,
} from "@/server/signing/vocabulary";

export type KeysView = {
  search: string;
  purpose: SigningKeyPurpose | "";
  status: SigningKeyStatus | "";
  backend: BackendKind | "";
};

type ParamReader = { get(name: string): string | null };

const isBackend = (value: string): value is BackendKind =>
  (BACKEND_KINDS as readonly string[]).includes(value);

export function readKeysView(params: ParamReader): KeysView {
  const purpose = params.get("purpose") ?? "";
  const status = params.get("status") ?? "";
  const backend = params.get("backend") ?? "";
  return {
    search: params.get("q") ?? "",
    purpose: isSigningKeyPurpose(purpose) ? purpose : "",
    status: isSigningKeyStatus(status) ? status : "",
    backend: isBackend(backend) ? backend : "",
  };
}

export function keysViewQuery(view: KeysView, current: { toString(): string }): string {
  const next = new URLSearchParams(current.toString());
  const set = (name: string, value: string) => {
    if (value === "") next.delete(name);
    else next.set(name, value);
  };
  set("q", view.search.trim());
  set("purpose", view.purpose);
  set("status", view.status);
  set("backend", view.backend);
  return next.toString();
}

export function hasActiveFilters(view: KeysView): boolean {
  return view.search !== "" || view.purpose !== "" || view.status !== "" || view.backend !== "";
}

export function toListInput(view: KeysView) {
  return {
    ...(view.search ? { search: view.search } : {}),
    ...(view.purpose ? { purpose: view.purpose } : {}),
    ...(view.status ? { status: view.status } : {}),
    ...(view.backend ? { backend: view.backend } : {}),
  };
}
