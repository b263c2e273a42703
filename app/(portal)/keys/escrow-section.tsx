"use client";

// Shamir escrow of a software key in its drawer: who holds which share of the current split, splitting it
// (the shares are shown once, one download per custodian, and never stored), and starting a recovery ceremony.
import { Download, KeyRound, LifeBuoy } from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import type { ShareDownload } from "@/server/signing/escrow/split-escrow";
import type { SigningKeyDto } from "@/server/signing/keys/registry";

function download(share: ShareDownload) {
  const url = URL.createObjectURL(new Blob([share.text], { type: "application/json" }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = share.fileName;
  anchor.click();
  URL.revokeObjectURL(url);
}

function SharesOnce({
  shares,
  threshold,
  onDone,
}: {
  shares: ShareDownload[];
  threshold: number;
  onDone: () => void;
}) {
  const [taken, setTaken] = useState<ReadonlySet<number>>(new Set());
  return (
    <section
      className="flex flex-col gap-3 rounded-lg border border-warn-line bg-warn-soft/40 p-4"
      aria-label="Escrow shares"
    >
      <p className="text-sm text-fg">
        These share files are shown <strong>once</strong> and are not stored anywhere: hand each to its
        custodian (their own storage, e.g. a USB stick in a safe). Any {threshold} of them rebuild the key.
      </p>
      <ul className="flex flex-col gap-2">
        {shares.map((share) => (
          <li key={share.index} className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <span>
              Share {share.index} for <span className="font-medium">{share.custodianName}</span>
              {taken.has(share.index) ? <span className="ml-2 text-xs text-ok-fg">downloaded</span> : null}
            </span>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => {
                download(share);
                setTaken((before) => new Set([...before, share.index]));
              }}
            >
              <Download aria-hidden="true" />
              Download share {share.index} for {share.custodianName}
            </Button>
          </li>
        ))}
      </ul>
      <div>
        <Button variant="ghost" onClick={onDone}>
          I have handed out every share
        </Button>
      </div>
    </section>
  );
}

export function EscrowSection({
  signingKey,
  canManage,
  returnTo,
}: {
  signingKey: SigningKeyDto;
  canManage: boolean;
  returnTo: string;
}) {
  const id = useId();
  const software = signingKey.backend === "software";
  const escrow = trpc.ceremonies.escrow.useQuery({ keyId: signingKey.keyId }, { enabled: software });
  const custodians = trpc.ceremonies.custodians.useQuery(undefined, { enabled: software && canManage });
  const [threshold, setThreshold] = useState("2");
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [shares, setShares] = useState<{ files: ShareDownload[]; threshold: number } | null>(null);
  const [reason, setReason] = useState("");
  const utils = trpc.useUtils();
  const split = trpc.ceremonies.splitEscrow.useMutation({
    onSuccess: async (result) => {
      setShares({ files: result.shares, threshold: result.escrow.threshold });
      await utils.ceremonies.escrow.invalidate();
    },
  });
  const recover = trpc.ceremonies.start.useMutation({
    onSuccess: () => utils.ceremonies.invalidate(),
  });
  const splitErrors = formErrorsOf(split.error);
  const recoverErrors = formErrorsOf(recover.error);
  const selected = chosen ?? (custodians.data ?? []).map((user) => user.id);

  return (
    <section aria-labelledby={`${id}-escrow`} className="flex flex-col gap-3">
      <h3 id={`${id}-escrow`} className="text-sm font-semibold text-fg">
        Escrow (Shamir shares)
      </h3>
      {!software ? (
        <p className="text-sm text-fg-muted">
          Not available: this key was generated inside its HSM or KMS as non-extractable, so its private half
          never leaves the device and cannot be split. Back it up with the provider's own mechanism (HSM key
          backup or wrapping, KMS key replication).
        </p>
      ) : escrow.data ? (
        <p className="text-sm text-fg">
          Split {escrow.data.threshold} of {escrow.data.shareCount} on {formatDateTime(escrow.data.createdAt)}{" "}
          by {escrow.data.createdByName}. Shares held by{" "}
          {escrow.data.custodians.map((custodian) => `${custodian.index}: ${custodian.name}`).join(", ")}.
          {escrow.data.recoveredAt ? ` Last recovered ${formatDateTime(escrow.data.recoveredAt)}.` : ""}
        </p>
      ) : (
        <p className="text-sm text-fg-muted">
          Not escrowed: if its key-encryption key is lost, this key is lost.
        </p>
      )}

      {shares ? (
        <SharesOnce shares={shares.files} threshold={shares.threshold} onDone={() => setShares(null)} />
      ) : null}

      {software && canManage && signingKey.status !== "revoked" && !shares ? (
        <form
          noValidate
          aria-label="Split into escrow shares"
          className="flex flex-col gap-3 rounded-lg border border-border p-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (split.isPending) return;
            split.mutate({ keyId: signingKey.keyId, threshold: Number(threshold), custodianIds: selected });
          }}
        >
          {splitErrors.alert ? <RequestError error={splitErrors.alert} returnTo={returnTo} /> : null}
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1 text-sm font-medium text-fg">Custodians (one share each)</legend>
            {(custodians.data ?? []).map((user) => (
              <label key={user.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={selected.includes(user.id)}
                  onChange={(event) =>
                    setChosen(
                      event.target.checked
                        ? [...selected, user.id]
                        : selected.filter((value) => value !== user.id),
                    )
                  }
                />
                {user.name} <span className="text-xs text-fg-muted">{user.email}</span>
              </label>
            ))}
            {splitErrors.fields.custodianIds ? (
              <span className="text-xs text-bad-fg">{splitErrors.fields.custodianIds}</span>
            ) : null}
          </fieldset>
          <TextField
            id={`${id}-threshold`}
            label="Shares needed to rebuild (M)"
            type="number"
            min={2}
            value={threshold}
            hint={`Out of ${selected.length} shares; a new split replaces the current one.`}
            error={splitErrors.fields.threshold}
            onValue={setThreshold}
          />
          <div>
            <Button type="submit" variant="secondary" aria-disabled={split.isPending}>
              <KeyRound aria-hidden="true" />
              Split into shares
            </Button>
          </div>
        </form>
      ) : null}

      {software && canManage && escrow.data && signingKey.status !== "revoked" ? (
        <form
          noValidate
          aria-label="Recover from escrow"
          className="flex flex-col gap-3 rounded-lg border border-border p-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (recover.isPending) return;
            recover.mutate({ operation: "escrow-recover", keyId: signingKey.keyId, reason });
          }}
        >
          <p className="text-xs text-fg-muted">
            Recovery rebuilds the key from {escrow.data.threshold} shares and seals it under the current
            key-encryption key. It is a ceremony: {escrow.data.threshold} share holders approve, the last one
            uploads the share files.
          </p>
          {recoverErrors.alert ? <RequestError error={recoverErrors.alert} returnTo={returnTo} /> : null}
          {recover.data ? (
            <p role="status" className="text-sm text-ok-fg">
              Recovery ceremony started ({recover.data.progress}).{" "}
              <Link className="underline" href="/keys/ceremonies?status=pending">
                Open the ceremonies
              </Link>
            </p>
          ) : (
            <>
              <TextField
                id={`${id}-recover-reason`}
                label="Reason for the recovery"
                required
                value={reason}
                placeholder="Key-encryption key lost with the old server"
                error={recoverErrors.fields.reason}
                onValue={setReason}
              />
              <div>
                <Button type="submit" variant="secondary" aria-disabled={recover.isPending}>
                  <LifeBuoy aria-hidden="true" />
                  Start recovery ceremony
                </Button>
              </div>
            </>
          )}
        </form>
      ) : null}
    </section>
  );
}
