// Signature gate: the release's verification report must show verified signatures by the required key purposes
// and key ids; with no requirement listed, at least one verified signature.

import type { z } from "zod";
import type { GateInputs } from "../gate-inputs";
import type { ZSignatureGate } from "../policy-pack";
import { fail, type GateCheck, listed, pass } from "./gate-check";

export function checkSignature(gate: z.infer<typeof ZSignatureGate>, inputs: GateInputs): GateCheck {
  const verified = inputs.signatures.filter((signature) => signature.verified);
  const failedKeys = [...new Set(inputs.signatures.filter((s) => !s.verified).map((s) => s.keyId))].sort();
  const missing: string[] = [];
  for (const purpose of [...new Set(gate.requirePurposes)].sort()) {
    if (!verified.some((signature) => signature.purpose === purpose)) {
      missing.push(`no verified signature by a key of purpose ${purpose}`);
    }
  }
  for (const keyId of [...new Set(gate.requireKeyIds)].sort()) {
    if (!verified.some((signature) => signature.keyId === keyId))
      missing.push(`no verified signature by key ${keyId}`);
  }
  if (gate.requirePurposes.length === 0 && gate.requireKeyIds.length === 0 && verified.length === 0) {
    missing.push("no verified signature");
  }
  if (missing.length > 0) {
    const note = failedKeys.length > 0 ? [`signatures that did not verify: ${listed(failedKeys)}`] : [];
    return fail(...missing, ...note);
  }
  const keys = [...new Set(verified.map((signature) => `${signature.keyId} (${signature.purpose})`))].sort();
  return pass(`verified signatures by ${listed(keys)}`);
}
