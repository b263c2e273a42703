"use client";

// Creating and rotating keys. Both need key:manage and a recent sign-in; the server's refusal (a conflict, a
// backend that is not configured, "confirm it's you") is shown above the button that caused it. When the ceremony
// policy reserves the operation, the drawer says so instead and leads to the ceremony form.
import { Plus, RefreshCw } from "lucide-react";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Label, Select } from "@/components/ui/input";
import type { SigningKeyDto } from "@/server/signing/keys/registry";
import type { BackendKind } from "@/server/signing/signer";
import { backendLabels, type SigningKeyPurpose, signingKeyPurposeLabels } from "@/server/signing/vocabulary";
import { CeremonyRequired, type CeremonyStart, useCeremonyRequirement } from "./ceremony-required";
import { KeyIdShort } from "./key-badges";

type OperationProps = {
  purpose: SigningKeyPurpose;
  returnTo: string;
  onClose: () => void;
  onDone: (message: string) => void;
  onStartCeremony: (start: CeremonyStart) => void;
};

/** Until the policy has answered, neither the form nor the ceremony notice (no button that flips under a click). */
function Checking() {
  return <p className="text-sm text-fg-muted">Checking the ceremony policy…</p>;
}

function BackendSelect({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: BackendKind;
  onChange: (backend: BackendKind) => void;
  error?: string;
}) {
  const backends = trpc.keys.backends.useQuery();
  const current = backends.data?.find((backend) => backend.kind === value);
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>Backend</Label>
      <Select
        id={id}
        value={value}
        error={error}
        hint={current?.detail}
        onChange={(event) => {
          const next = backends.data?.find((backend) => backend.kind === event.target.value);
          if (next) onChange(next.kind);
        }}
      >
        {(backends.data ?? [{ kind: "software" as const, available: true }]).map((backend) => (
          <option key={backend.kind} value={backend.kind} disabled={!backend.available}>
            {backendLabels[backend.kind]}
            {backend.available ? "" : " (not configured)"}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function CreateKeyDrawer({ purpose, returnTo, onClose, onDone, onStartCeremony }: OperationProps) {
  const id = useId();
  const requirement = useCeremonyRequirement({ operation: "create", purpose });
  const [backend, setBackend] = useState<BackendKind>("software");
  const [label, setLabel] = useState("");
  const [keyFile, setKeyFile] = useState("");
  const backends = trpc.keys.backends.useQuery();
  const keyFiles = backends.data?.find((entry) => entry.kind === "software")?.keyFiles ?? [];
  const utils = trpc.useUtils();
  const create = trpc.keys.create.useMutation({
    onSuccess: async (key: SigningKeyDto) => {
      await utils.keys.invalidate();
      onDone(`${signingKeyPurposeLabels[key.purpose]} key ${key.keyId.slice(0, 19)}… is active.`);
    },
  });
  const errors = formErrorsOf(create.error);
  const name = signingKeyPurposeLabels[purpose];
  return (
    <Drawer
      open
      onClose={onClose}
      title={`Create a ${name.toLowerCase()} key`}
      description="The key is generated inside its backend, becomes the active key of this purpose and signs its own activation statement."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          {requirement === null ? (
            <Button type="submit" form={`${id}-form`} aria-disabled={create.isPending}>
              <Plus aria-hidden="true" />
              Create key
            </Button>
          ) : null}
        </>
      }
    >
      {requirement === undefined ? <Checking /> : null}
      {requirement ? (
        <CeremonyRequired
          requirement={requirement}
          onStart={() => onStartCeremony({ operation: "create", purpose })}
        />
      ) : null}
      {requirement !== null ? null : (
        <form
          id={`${id}-form`}
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (create.isPending) return;
            create.mutate({
              purpose,
              backend,
              ...(label.trim() ? { label } : {}),
              ...(backend === "software" && keyFile ? { keyFile } : {}),
            });
          }}
        >
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
          <BackendSelect
            id={`${id}-backend`}
            value={backend}
            onChange={setBackend}
            error={errors.fields.backend}
          />
          {backend === "software" && keyFiles.length > 0 ? (
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${id}-file`}>Key</Label>
              <Select
                id={`${id}-file`}
                value={keyFile}
                error={errors.fields.keyFile}
                hint="Generate a new key, or register a PEM key file from the configured key directory."
                onChange={(event) => setKeyFile(event.target.value)}
              >
                <option value="">Generate a new key</option>
                {keyFiles.map((file) => (
                  <option key={file} value={file}>
                    Key file {file}
                  </option>
                ))}
              </Select>
            </div>
          ) : null}
          <TextField
            id={`${id}-label`}
            label="Label"
            value={label}
            placeholder={`${purpose}-${new Date().toISOString().slice(0, 10)}`}
            hint="Optional; defaults to the purpose and today's date."
            error={errors.fields.label}
            onValue={setLabel}
          />
        </form>
      )}
    </Drawer>
  );
}

export function RotateKeyDrawer({
  purpose,
  current,
  returnTo,
  onClose,
  onDone,
  onStartCeremony,
}: OperationProps & { current: SigningKeyDto }) {
  const id = useId();
  const requirement = useCeremonyRequirement({ operation: "rotate", purpose });
  const [backend, setBackend] = useState<BackendKind>(current.backend);
  const [reason, setReason] = useState("");
  const [label, setLabel] = useState("");
  const utils = trpc.useUtils();
  const rotate = trpc.keys.rotate.useMutation({
    onSuccess: async (result) => {
      await utils.keys.invalidate();
      onDone(
        `Rotated: ${result.current.keyId.slice(0, 19)}… is now the active ${signingKeyPurposeLabels[purpose].toLowerCase()} key; ${result.previous.keyId.slice(0, 19)}… is retired and still verifies what it signed.`,
      );
    },
  });
  const errors = formErrorsOf(rotate.error);
  return (
    <Drawer
      open
      onClose={onClose}
      title={`Rotate the ${signingKeyPurposeLabels[purpose].toLowerCase()} key`}
      description="A new key becomes active; the current one is retired at the same moment, after endorsing its successor. What it signed while active keeps verifying."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          {requirement === null ? (
            <Button type="submit" form={`${id}-form`} aria-disabled={rotate.isPending}>
              <RefreshCw aria-hidden="true" />
              Rotate key
            </Button>
          ) : null}
        </>
      }
    >
      {requirement === undefined ? <Checking /> : null}
      {requirement ? (
        <div className="flex flex-col gap-4">
          <div className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-fg">Current key</span>
            <KeyIdShort keyId={current.keyId} />
          </div>
          <CeremonyRequired
            requirement={requirement}
            onStart={() => onStartCeremony({ operation: "rotate", purpose })}
          />
        </div>
      ) : null}
      {requirement !== null ? null : (
        <form
          id={`${id}-form`}
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (rotate.isPending) return;
            rotate.mutate({ purpose, backend, reason, ...(label.trim() ? { label } : {}) });
          }}
        >
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
          <div className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-fg">Current key</span>
            <KeyIdShort keyId={current.keyId} />
          </div>
          <TextField
            id={`${id}-reason`}
            label="Reason"
            required
            value={reason}
            placeholder="Scheduled yearly rotation"
            hint="Recorded in the audit log and in the rotation statement both keys sign."
            error={errors.fields.reason}
            onValue={setReason}
          />
          <BackendSelect
            id={`${id}-backend`}
            value={backend}
            onChange={setBackend}
            error={errors.fields.backend}
          />
          <TextField
            id={`${id}-label`}
            label="Label of the new key"
            value={label}
            hint="Optional; defaults to the purpose and today's date."
            error={errors.fields.label}
            onValue={setLabel}
          />
        </form>
      )}
    </Drawer>
  );
}
