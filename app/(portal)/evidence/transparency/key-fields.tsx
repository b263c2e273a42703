"use client";

import { Input, Label } from "@/components/ui/input";

/** A trusted log key: a verifier key (name+hash+base64), or a PEM public key with the name its signatures carry. */
export function KeyFields({
  idPrefix,
  keyText,
  keyName,
  onKeyText,
  onKeyName,
  errors,
}: {
  idPrefix: string;
  keyText: string;
  keyName: string;
  onKeyText: (value: string) => void;
  onKeyName: (value: string) => void;
  errors: Record<string, string>;
}) {
  return (
    <>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${idPrefix}-key`}>Public key</Label>
        <textarea
          id={`${idPrefix}-key`}
          value={keyText}
          onChange={(event) => onKeyText(event.target.value)}
          rows={5}
          spellCheck={false}
          aria-invalid={errors.key ? true : undefined}
          aria-describedby={`${idPrefix}-key-hint`}
          className="w-full rounded-md border border-border-strong bg-surface px-3 py-2 font-mono text-xs text-fg shadow-sm"
        />
        <p id={`${idPrefix}-key-hint`} className="text-xs text-fg-muted">
          ECDSA P-256 (Rekor) or Ed25519 (Go's checksum database, witnesses): a PEM public key, or a verifier
          key such as sum.golang.org+033de0ae+Ac4z…
        </p>
        {errors.key ? <p className="text-xs font-medium text-bad-fg">{errors.key}</p> : null}
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${idPrefix}-key-name`}>Key name</Label>
        <Input
          id={`${idPrefix}-key-name`}
          value={keyName}
          error={errors.keyName}
          hint="For a PEM key: the name on its signature lines (e.g. rekor.sigstore.dev). A verifier key carries its own."
          onChange={(event) => onKeyName(event.target.value)}
          className="font-mono"
        />
      </div>
    </>
  );
}
