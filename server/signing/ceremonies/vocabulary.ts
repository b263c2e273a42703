// The words of key ceremonies, shared by the services, the router and the UI.
export const CEREMONY_OPERATIONS = ["create", "rotate", "revoke", "escrow-recover"] as const;
export type CeremonyOperation = (typeof CEREMONY_OPERATIONS)[number];

export const CEREMONY_STATUSES = ["pending", "executed", "rejected", "expired", "failed"] as const;
export type CeremonyStatus = (typeof CEREMONY_STATUSES)[number];

export const CEREMONY_DECISIONS = ["approve", "reject"] as const;
export type CeremonyDecision = (typeof CEREMONY_DECISIONS)[number];

export const ceremonyOperationLabels: Record<CeremonyOperation, string> = {
  create: "Create key",
  rotate: "Rotate key",
  revoke: "Revoke key",
  "escrow-recover": "Recover key from escrow",
};

export const ceremonyStatusLabels: Record<CeremonyStatus, string> = {
  pending: "Pending",
  executed: "Executed",
  rejected: "Rejected",
  expired: "Expired",
  failed: "Failed",
};

export function isCeremonyStatus(value: string): value is CeremonyStatus {
  return (CEREMONY_STATUSES as readonly string[]).includes(value);
}

export function isCeremonyOperation(value: string): value is CeremonyOperation {
  return (CEREMONY_OPERATIONS as readonly string[]).includes(value);
}
