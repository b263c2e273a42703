"use client";

// What the /keys forms show instead of their direct action when the installation's ceremony policy
// (SIGNING_CEREMONY_POLICY) reserves the operation for a ceremony: the server would refuse the direct call, so
// the form says so, M of N, and leads to the ceremony form with the operation filled in (or to the ceremony
// that is already waiting, since a second one for the same thing is refused).
import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import { trpc } from "@/components/trpc/client";
import { Button, buttonClasses } from "@/components/ui/button";
import type { CeremonyRequirement } from "@/server/signing/ceremonies/configured-policy";
import type { CeremonyRequirementInput } from "@/server/signing/ceremonies/schemas";
import type { CeremonyOperation } from "@/server/signing/ceremonies/vocabulary";
import { type SigningKeyPurpose, signingKeyPurposeLabels } from "@/server/signing/vocabulary";

/** What the ceremony form opens with, when a /keys form leads there. */
export type CeremonyStart = { operation: CeremonyOperation; purpose?: SigningKeyPurpose; keyId?: string };

const doing: Record<CeremonyRequirement["operation"], string> = {
  create: "creating",
  rotate: "rotating",
  revoke: "revoking",
};

/**
 * The policy's answer for one operation: `undefined` while it is being asked, null when the direct form may be
 * offered. A failed question counts as "direct": the server still refuses what the policy reserves.
 */
export function useCeremonyRequirement(
  input: CeremonyRequirementInput,
): CeremonyRequirement | null | undefined {
  const query = trpc.ceremonies.requirement.useQuery(input);
  if (query.error) return null;
  return query.data;
}

export function CeremonyRequired({
  requirement,
  onStart,
}: {
  requirement: CeremonyRequirement;
  onStart: () => void;
}) {
  const { operation, purpose, approvals, custodians, pendingCeremonyId } = requirement;
  return (
    <section
      aria-label="Ceremony required"
      className="flex flex-col gap-3 rounded-lg border border-info-line bg-info-soft px-4 py-3 text-sm text-info-fg"
    >
      <p className="flex items-start gap-2">
        <ShieldCheck className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
        <span>
          <strong className="font-semibold">A ceremony is required</strong> ({approvals} of {custodians}):
          under this installation's ceremony policy, {doing[operation]}{" "}
          {signingKeyPurposeLabels[purpose].toLowerCase()} keys needs the approval of {approvals} of the{" "}
          {custodians} security officers, each after signing in again. The direct operation is refused.
        </span>
      </p>
      {pendingCeremonyId ? (
        <p className="flex flex-wrap items-center gap-3">
          <span>A ceremony for this is already waiting for approvals.</span>
          <Link
            className={buttonClasses("secondary", "sm")}
            href={`/keys/ceremonies?ceremony=${pendingCeremonyId}`}
          >
            Open the ceremony
          </Link>
        </p>
      ) : (
        <div>
          <Button size="sm" onClick={onStart}>
            <ShieldCheck aria-hidden="true" />
            Start a ceremony
          </Button>
        </div>
      )}
    </section>
  );
}
