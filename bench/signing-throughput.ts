// DSSE sign + verify through the software adapter (signEnvelope with its self-check, verifyEnvelope with key
// resolution, base64 and the validity rules) against raw node:crypto signing and verifying the same PAE bytes
// with KeyObjects already parsed. A third row re-parses the PEM private key per signature, which is what the
// adapter's key cache avoids. No database: the registry's transaction and audit rows are not part of this figure.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import { createSoftwareBackend } from "../server/signing/backends/software";
import { pae, signEnvelope, verifyEnvelope } from "../server/signing/dsse";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "../server/signing/in-toto";
import { medianMsEach, perSecond } from "./measure";

export type SigningThroughput = {
  payloads: number;
  payloadBytes: number;
  adapterPerSecond: number;
  rawPerSecond: number;
  rawReparsePerSecond: number;
};

function payloads(count: number): Buffer[] {
  return Array.from({ length: count }, (_, index) =>
    statementPayload(
      inTotoStatement({
        subject: [{ name: `portal-${index}.tar.gz`, digest: { sha256: randomBytes(32).toString("hex") } }],
        predicateType: "https://slsa.dev/provenance/v1",
        predicate: { buildType: "bench", index, notes: "x".repeat(700) },
      }),
    ),
  );
}

export async function measureSigningThroughput(options: {
  payloads: number;
  runs: number;
  warmup: number;
}): Promise<SigningThroughput> {
  const backend = createSoftwareBackend({ kek: randomBytes(32) });
  const created = await backend.createKey({ label: "bench" });
  const signer = await backend.openSigner(created.ref);
  const trusted = [{ publicKeyPem: signer.publicKeyPem }];
  const messages = payloads(options.payloads);

  // the same kind of key for the raw loops, parsed once (and once per call for the re-parse row)
  const raw = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const rawPem = raw.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const rawPublicPem = raw.publicKey.export({ type: "spki", format: "pem" }).toString();
  let failures = 0;

  const times = await medianMsEach({
    runs: options.runs,
    warmup: options.warmup,
    works: {
      adapter: async () => {
        for (const payload of messages) {
          const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, payload, [signer]);
          if (!verifyEnvelope(envelope, trusted).ok) failures += 1;
        }
      },
      raw: async () => {
        for (const payload of messages) {
          const message = pae(IN_TOTO_PAYLOAD_TYPE, payload);
          const signature = sign("sha256", message, raw.privateKey);
          if (!verify("sha256", message, raw.publicKey, signature)) failures += 1;
        }
      },
      rawReparse: async () => {
        for (const payload of messages) {
          const message = pae(IN_TOTO_PAYLOAD_TYPE, payload);
          const signature = sign("sha256", message, createPrivateKey(rawPem));
          if (!verify("sha256", message, createPublicKey(rawPublicPem), signature)) failures += 1;
        }
      },
    },
  });
  if (failures > 0) throw new Error(`${failures} signatures did not verify during the benchmark`);
  return {
    payloads: messages.length,
    payloadBytes: messages[0]?.length ?? 0,
    adapterPerSecond: perSecond(messages.length, times.adapter),
    rawPerSecond: perSecond(messages.length, times.raw),
    rawReparsePerSecond: perSecond(messages.length, times.rawReparse),
  };
}
