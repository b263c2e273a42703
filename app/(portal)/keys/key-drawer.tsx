"use client";

import { Ban } from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Drawer } from "@/components/ui/drawer";
import type { SigningKeyDto } from "@/server/signing/keys/registry";
import { backendLabels, signingKeyPurposeLabels } from "@/server/signing/vocabulary";
import { CeremonyRequired, type CeremonyStart, useCeremonyRequirement } from "./ceremony-required";
import { EscrowSection } from "./escrow-section";
import { KeyStatusBadge, ValidityWindow } from "./key-badges";
import { formatDateTime, shortKeyId } from "./keys-format";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_minmax(0,1fr)] gap-2 py-1.5 text-sm">
      <dt className="text-fg-muted">{label}</dt>
      <dd className="min-w-0 text-fg">{children}</dd>
    </div>
  );
}

/** Revocation, or (when the ceremony policy reserves it) the way to the ceremony that revokes. */
function RevokeSection({
  signingKey,
  returnTo,
  onRevoked,
  onStartCeremony,
}: {
  signingKey: SigningKeyDto;
  returnTo: string;
  onRevoked: (message: string) => void;
  onStartCeremony: (start: CeremonyStart) => void;
}) {
  const requirement = useCeremonyRequirement({ operation: "revoke", keyId: signingKey.keyId });
  if (requirement === undefined) return null;
  if (requirement === null) {
    return <RevokeForm signingKey={signingKey} returnTo={returnTo} onRevoked={onRevoked} />;
  }
  return (
    <section
      aria-label="Revoke this key"
      className="flex flex-col gap-3 rounded-lg border border-bad-line bg-bad-soft/40 p-4"
    >
      <h3 className="text-sm font-semibold text-bad-fg">Revoke this key</h3>
      <p className="text-xs text-fg-muted">
        Revocation cannot be undone. Signatures made after the revocation time fail verification; earlier ones
        still verify but are flagged.
      </p>
      <CeremonyRequired
        requirement={requirement}
        onStart={() => onStartCeremony({ operation: "revoke", keyId: signingKey.keyId })}
      />
    </section>
  );
}

function RevokeForm({
  signingKey,
  returnTo,
  onRevoked,
}: {
  signingKey: SigningKeyDto;
  returnTo: string;
  onRevoked: (message: string) => void;
}) {
  const id = useId();
  const [reason, setReason] = useState("");
  const [since, setSince] = useState("");
  const utils = trpc.useUtils();
  const revoke = trpc.keys.revoke.useMutation({
    onSuccess: async (key) => {
      await utils.keys.invalidate();
      onRevoked(
        `Key ${shortKeyId(key.keyId)} revoked. Signatures made after ${formatDateTime(key.revokedAt ?? new Date())} fail verification; earlier ones are flagged.`,
      );
    },
  });
  const errors = formErrorsOf(revoke.error);
  return (
    <form
      noValidate
      aria-label="Revoke this key"
      className="flex flex-col gap-3 rounded-lg border border-bad-line bg-bad-soft/40 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (revoke.isPending) return;
        revoke.mutate({
          keyId: signingKey.keyId,
          reason,
          ...(since ? { effectiveAt: new Date(since) } : {}),
        });
      }}
    >
      <h3 className="text-sm font-semibold text-bad-fg">Revoke this key</h3>
      <p className="text-xs text-fg-muted">
        Revocation cannot be undone. Signatures made after the revocation time fail verification; earlier ones
        still verify but are flagged.
        {signingKey.status === "active"
          ? " This is the active key: its purpose has no key until a new one is created, and signing for it is refused meanwhile."
          : ""}
      </p>
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      <TextField
        id={`${id}-reason`}
        label="Reason"
        required
        value={reason}
        placeholder="Key material exposed on a build agent"
        error={errors.fields.reason}
        onValue={setReason}
      />
      <TextField
        id={`${id}-since`}
        label="Compromised since"
        type="datetime-local"
        value={since}
        hint="Optional: when the key stopped being trustworthy, if before now."
        error={errors.fields.effectiveAt}
        onValue={setSince}
      />
      <div>
        <Button type="submit" variant="danger" aria-disabled={revoke.isPending}>
          <Ban aria-hidden="true" />
          Revoke key
        </Button>
      </div>
    </form>
  );
}

export function KeyDrawer({
  keyId,
  canManage,
  returnTo,
  onClose,
  onNotice,
  onStartCeremony,
}: {
  keyId: string | null;
  canManage: boolean;
  returnTo: string;
  onClose: () => void;
  onNotice: (message: string) => void;
  onStartCeremony: (start: CeremonyStart) => void;
}) {
  const detail = trpc.keys.get.useQuery({ keyId: keyId ?? "" }, { enabled: keyId !== null });
  const key = detail.data;
  const error = detail.error ? describeClientError(detail.error) : null;
  return (
    <Drawer
      open={keyId !== null}
      onClose={onClose}
      size="lg"
      title={key ? `${key.label}` : "Signing key"}
      description={
        key ? `${signingKeyPurposeLabels[key.purpose]} key · ${backendLabels[key.backend]}` : undefined
      }
    >
      {error ? <RequestError error={error} returnTo={returnTo} /> : null}
      {key ? (
        <div className="flex flex-col gap-5">
          <dl className="divide-y divide-border">
            <Fact label="Status">
              <KeyStatusBadge status={key.status} />
            </Fact>
            <Fact label="Key id">
              <span className="flex items-start gap-1">
                <code className="font-mono text-xs break-all">{key.keyId}</code>
                <CopyButton value={key.keyId} label="Copy key id" />
              </span>
            </Fact>
            <Fact label="Algorithm">{key.algorithm}</Fact>
            <Fact label="Validity window">
              <ValidityWindow activatedAt={key.activatedAt} retiredAt={key.retiredAt} revokedAt={null} />
            </Fact>
            <Fact label="Created">
              {formatDateTime(key.createdAt)} by {key.createdByName}
              {key.ceremonyId ? (
                <>
                  {" "}
                  (
                  <Link className="underline" href={`/keys/ceremonies?ceremony=${key.ceremonyId}`}>
                    approved in a ceremony
                  </Link>
                  )
                </>
              ) : null}
            </Fact>
            {key.previousKeyId ? (
              <Fact label="Rotated from">
                <code className="font-mono text-xs break-all">{key.previousKeyId}</code>
                {key.rotationReason ? (
                  <span className="block text-xs text-fg-muted">{key.rotationReason}</span>
                ) : null}
              </Fact>
            ) : null}
            {key.revokedAt ? (
              <Fact label="Revoked">
                {formatDateTime(key.revokedAt)} by {key.revokedByName ?? "unknown"}:{" "}
                <span className="font-medium">{key.revocationReason}</span>
              </Fact>
            ) : null}
            <Fact label="Signatures">
              {key.signatureCount}
              {key.lastSignedAt ? `, last ${formatDateTime(key.lastSignedAt)}` : ""}
            </Fact>
          </dl>

          <section aria-labelledby={`${key.id}-pem`}>
            <div className="mb-1 flex items-center justify-between">
              <h3 id={`${key.id}-pem`} className="text-sm font-semibold text-fg">
                Public key (SPKI PEM)
              </h3>
              <CopyButton value={key.publicKeyPem} label="Copy public key" />
            </div>
            <pre className="overflow-x-auto rounded-md border border-border bg-surface-muted p-3 font-mono text-xs">
              {key.publicKeyPem.trim()}
            </pre>
          </section>

          <section aria-labelledby={`${key.id}-signed`}>
            <h3 id={`${key.id}-signed`} className="mb-2 text-sm font-semibold text-fg">
              Recent signatures
            </h3>
            {key.recentSignatures.length === 0 ? (
              <p className="text-sm text-fg-muted">This key has signed nothing yet.</p>
            ) : (
              <ul className="flex flex-col gap-2">
                {key.recentSignatures.map((record) => (
                  <li
                    key={record.signatureSha256}
                    className="rounded-md border border-border px-3 py-2 text-xs"
                  >
                    <div className="flex flex-wrap justify-between gap-2">
                      <span className="font-mono">{record.payloadType}</span>
                      <time dateTime={record.signedAt.toISOString()}>{formatDateTime(record.signedAt)}</time>
                    </div>
                    <div className="mt-0.5 text-fg-muted">
                      for {record.requesterName}
                      {record.subjectDigest ? (
                        <>
                          {" "}
                          · subject <span className="font-mono break-all">{record.subjectDigest}</span>
                        </>
                      ) : null}{" "}
                      · audit event #{record.auditSeq}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <EscrowSection signingKey={key} canManage={canManage} returnTo={returnTo} />

          {canManage && key.status !== "revoked" ? (
            <RevokeSection
              signingKey={key}
              returnTo={returnTo}
              onRevoked={(message) => {
                onNotice(message);
                onClose();
              }}
              onStartCeremony={onStartCeremony}
            />
          ) : null}
        </div>
      ) : null}
    </Drawer>
  );
}
