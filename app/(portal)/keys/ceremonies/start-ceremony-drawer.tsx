"use client";

import { ShieldCheck } from "lucide-react";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Label, Select } from "@/components/ui/input";
import type { CeremonyDto } from "@/server/signing/ceremonies/ceremony-views";
import { requiredApprovalsFor } from "@/server/signing/ceremonies/policy";
import {
  CEREMONY_OPERATIONS,
  type CeremonyOperation,
  ceremonyOperationLabels,
} from "@/server/signing/ceremonies/vocabulary";
import {
  SIGNING_KEY_PURPOSES,
  type SigningKeyPurpose,
  signingKeyPurposeLabels,
} from "@/server/signing/vocabulary";

const TTL_CHOICES = [
  { minutes: 15, label: "15 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 24 * 60, label: "24 hours" },
  { minutes: 7 * 24 * 60, label: "7 days" },
] as const;

export function StartCeremonyDrawer({
  returnTo,
  onClose,
  onStarted,
  initial,
}: {
  returnTo: string;
  onClose: () => void;
  onStarted: (ceremony: CeremonyDto) => void;
  initial?: { operation: CeremonyOperation; keyId?: string; purpose?: SigningKeyPurpose };
}) {
  const id = useId();
  const [operation, setOperation] = useState<CeremonyOperation>(initial?.operation ?? "rotate");
  const [purpose, setPurpose] = useState<SigningKeyPurpose>(initial?.purpose ?? "release");
  const [keyId, setKeyId] = useState(initial?.keyId ?? "");
  const [label, setLabel] = useState("");
  const [reason, setReason] = useState("");
  // null: what the policy demands for this operation and purpose (or 2), until the user types their own M
  const [approvals, setApprovals] = useState<string | null>(null);
  const policy = trpc.ceremonies.policy.useQuery();
  const [ttl, setTtl] = useState(String(24 * 60));
  const keys = trpc.keys.list.useQuery({ limit: 200 });
  const choosable = (keys.data?.keys ?? []).filter(
    (key) => key.status !== "revoked" && (operation !== "escrow-recover" || key.backend === "software"),
  );
  const utils = trpc.useUtils();
  const start = trpc.ceremonies.start.useMutation({
    onSuccess: async (ceremony) => {
      await utils.ceremonies.invalidate();
      onStarted(ceremony);
    },
  });
  const errors = formErrorsOf(start.error);
  const byKey = operation === "revoke" || operation === "escrow-recover";
  const keyPurpose = choosable.find((key) => key.keyId === keyId)?.purpose;
  const policyM =
    operation === "escrow-recover"
      ? null
      : requiredApprovalsFor(policy.data ?? [], operation, byKey ? (keyPurpose ?? purpose) : purpose);
  const m = approvals ?? String(policyM ?? 2);
  return (
    <Drawer
      open
      onClose={onClose}
      title="Start a key ceremony"
      description="The operation runs when enough custodians have approved it. Starting it counts as your approval."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={`${id}-form`} aria-disabled={start.isPending}>
            <ShieldCheck aria-hidden="true" />
            Start ceremony
          </Button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (start.isPending) return;
          start.mutate({
            operation,
            reason,
            ttlMinutes: Number(ttl),
            ...(byKey ? { keyId } : { purpose }),
            ...(operation !== "escrow-recover" ? { requiredApprovals: Number(m) } : {}),
            ...(!byKey && label.trim() ? { label } : {}),
          });
        }}
      >
        {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-operation`}>Operation</Label>
          <Select
            id={`${id}-operation`}
            value={operation}
            error={errors.fields.operation}
            onChange={(event) =>
              setOperation(CEREMONY_OPERATIONS.find((value) => value === event.target.value) ?? "rotate")
            }
          >
            {CEREMONY_OPERATIONS.map((value) => (
              <option key={value} value={value}>
                {ceremonyOperationLabels[value]}
              </option>
            ))}
          </Select>
        </div>
        {byKey ? (
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-key`} required>
              Key
            </Label>
            <Select
              id={`${id}-key`}
              value={keyId}
              error={errors.fields.keyId}
              hint={operation === "escrow-recover" ? "Software keys with an escrow split." : undefined}
              onChange={(event) => setKeyId(event.target.value)}
            >
              <option value="">Choose a key</option>
              {choosable.map((key) => (
                <option key={key.keyId} value={key.keyId}>
                  {key.label} ({signingKeyPurposeLabels[key.purpose]}, {key.status}) {key.keyId.slice(7, 19)}
                </option>
              ))}
            </Select>
          </div>
        ) : (
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-purpose`}>Purpose</Label>
            <Select
              id={`${id}-purpose`}
              value={purpose}
              error={errors.fields.purpose}
              onChange={(event) =>
                setPurpose(SIGNING_KEY_PURPOSES.find((value) => value === event.target.value) ?? "release")
              }
            >
              {SIGNING_KEY_PURPOSES.map((value) => (
                <option key={value} value={value}>
                  {signingKeyPurposeLabels[value]}
                </option>
              ))}
            </Select>
          </div>
        )}
        <TextField
          id={`${id}-reason`}
          label="Reason"
          required
          value={reason}
          placeholder="Scheduled yearly rotation, change ticket CHG-1234"
          hint="Shown to every custodian and recorded in the audit log."
          error={errors.fields.reason}
          onValue={setReason}
        />
        {operation === "escrow-recover" ? (
          <p className="text-sm text-fg-muted">
            The custodians are the holders of the escrow's shares, and as many must approve as the escrow
            needs shares. The last approval uploads the share files.
          </p>
        ) : (
          <TextField
            id={`${id}-approvals`}
            label="Approvals needed (M)"
            type="number"
            min={2}
            max={10}
            value={m}
            hint={
              policyM === null
                ? "Out of all security officers (N); at least 2."
                : `Out of all security officers (N); the ceremony policy demands at least ${policyM} for this.`
            }
            error={errors.fields.requiredApprovals}
            onValue={setApprovals}
          />
        )}
        {!byKey ? (
          <TextField
            id={`${id}-label`}
            label="Label of the new key"
            value={label}
            hint="Optional; defaults to the purpose and the date it executes."
            error={errors.fields.label}
            onValue={setLabel}
          />
        ) : null}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-ttl`}>Expires after</Label>
          <Select id={`${id}-ttl`} value={ttl} onChange={(event) => setTtl(event.target.value)}>
            {TTL_CHOICES.map((choice) => (
              <option key={choice.minutes} value={choice.minutes}>
                {choice.label}
              </option>
            ))}
          </Select>
        </div>
      </form>
    </Drawer>
  );
}
