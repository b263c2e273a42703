// Runs a ceremony's operation through the same services as the direct key operations, inside the transaction of
// the approval that completed it; the custodian who completed it is the actor, and every record names the
// ceremony.
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { recoverFromEscrow } from "../escrow/recover-from-escrow";
import { createSigningKey } from "../keys/create-signing-key";
import { revokeSigningKey } from "../keys/revoke-signing-key";
import { rotateSigningKey } from "../keys/rotate-signing-key";
import { ZCeremonyParameters } from "./schemas";
import type { CeremonyOperation } from "./vocabulary";

/** What an execution produced (key ids, times), kept on the ceremony and in its audit event. */
export type CeremonyResult = Record<string, string | number | number[] | null>;

export type ExecuteCeremonyOptions = {
  ceremonyId: string;
  operation: CeremonyOperation;
  parameters: unknown;
  shares: readonly string[] | undefined;
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
};

export async function executeCeremony(
  tx: PortalTx,
  options: ExecuteCeremonyOptions,
): Promise<CeremonyResult> {
  const common = {
    actor: options.actor,
    request: options.request,
    clock: options.clock,
    ceremonyId: options.ceremonyId,
  };
  switch (options.operation) {
    case "create": {
      const key = await createSigningKey(tx, {
        ...ZCeremonyParameters.create.parse(options.parameters),
        ...common,
      });
      return { keyId: key.keyId, purpose: key.purpose, label: key.label };
    }
    case "rotate": {
      const rotated = await rotateSigningKey(tx, {
        ...ZCeremonyParameters.rotate.parse(options.parameters),
        ...common,
      });
      return {
        keyId: rotated.current.keyId,
        previousKeyId: rotated.previous.keyId,
        purpose: rotated.current.purpose,
      };
    }
    case "revoke": {
      const key = await revokeSigningKey(tx, {
        ...ZCeremonyParameters.revoke.parse(options.parameters),
        ...common,
      });
      return { keyId: key.keyId, revokedAt: key.revokedAt?.toISOString() ?? null };
    }
    case "escrow-recover": {
      const parameters = ZCeremonyParameters["escrow-recover"].parse(options.parameters);
      if (!options.shares || options.shares.length === 0) {
        throw new ShareSetError(
          "this approval completes the recovery: upload the share files of the custodians present (as many as the escrow needs)",
        );
      }
      const recovered = await recoverFromEscrow(tx, { ...parameters, shares: options.shares, ...common });
      return { ...recovered };
    }
  }
}

/** A refusal that leaves the ceremony waiting (the custodians can try again with the right shares). */
export class ShareSetError extends DomainError {
  constructor(message: string) {
    super("BAD_REQUEST", message, { fieldErrors: { shares: [message] } });
  }
}

export function isShareSetError(error: unknown): boolean {
  if (error instanceof ShareSetError) return true;
  if (!(error instanceof DomainError) || error.code !== "BAD_REQUEST") return false;
  const fields = (error.details?.fieldErrors ?? null) as Record<string, unknown> | null;
  return fields !== null && "shares" in fields;
}
