// Signing through the PKCS#11 adapter vs a raw pkcs11js loop on the same SoftHSM token and key, no DSSE around
// either. Both sides hash the data with SHA-256 and have the token sign the digest (SoftHSM offers raw CKM_ECDSA
// only); the adapter adds the pooled session, the async C_Sign on libuv's thread pool, and the DER conversion.
//   adapter, one at a time      each sign awaited before the next: the latency a caller sees
//   adapter, 4 in flight        what a busy server gets from the session pool on 2 cores
//   raw C_SignAsync             the thread-pool hop alone, without the adapter
// Baseline: C_SignInit + C_Sign (synchronous) on one session, in a tight loop.
import { createHash, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createPkcs11Backend } from "@/server/signing/backends/pkcs11";
import { closePkcs11, openPkcs11Token } from "@/server/signing/backends/pkcs11-token";
import { createSoftHsm, softHsmMissing } from "@/test/softhsm-dir";
import { median } from "./measure";
import { printTable } from "./report";

const TOKEN = { label: "portal-bench", pin: "bench-pin-1234" };
const signsPerSecond = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const formatSigns = (perSecond: number) => `${signsPerSecond.format(perSecond)} signs/s`;

export async function benchPkcs11Signing(options: { quick: boolean }): Promise<void> {
  const missing = softHsmMissing();
  if (missing) {
    console.log(`\nPKCS#11 signing: skipped, SoftHSM2 is missing (${missing}); apt-get install -y softhsm2`);
    return;
  }
  const signs = options.quick ? 1_000 : 5_000;
  const rounds = options.quick ? 3 : 5;
  const hsm = createSoftHsm();
  try {
    hsm.initToken(TOKEN);
    const config = { modulePath: hsm.modulePath, tokenLabel: TOKEN.label, pin: TOKEN.pin, maxSessions: 4 };
    const backend = createPkcs11Backend(config);
    const { ref } = await backend.createKey({ label: "bench" });
    const signer = await backend.openSigner(ref);
    const token = await openPkcs11Token(config);
    const { pkcs11: k, lib } = token;
    const id = Buffer.from((JSON.parse(ref) as { id: string }).id, "hex");
    const payloads = Array.from({ length: 64 }, () => randomBytes(256));
    const payload = (index: number) => payloads[index % payloads.length] ?? Buffer.alloc(0);
    const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest();

    const session = lib.C_OpenSession(token.slot, k.CKF_SERIAL_SESSION);
    lib.C_FindObjectsInit(session, [
      { type: k.CKA_CLASS, value: k.CKO_PRIVATE_KEY },
      { type: k.CKA_ID, value: id },
    ]);
    const [key] = lib.C_FindObjects(session, 1);
    lib.C_FindObjectsFinal(session);
    if (!key) throw new Error("the bench key is not on the token");
    const mechanism = { mechanism: k.CKM_ECDSA };

    const works = {
      rawSync: async () => {
        for (let i = 0; i < signs; i += 1) {
          lib.C_SignInit(session, mechanism, key);
          lib.C_Sign(session, sha256(payload(i)), Buffer.alloc(64));
        }
      },
      rawAsync: async () => {
        for (let i = 0; i < signs; i += 1) {
          lib.C_SignInit(session, mechanism, key);
          await lib.C_SignAsync(session, sha256(payload(i)), Buffer.alloc(64));
        }
      },
      adapterSequential: async () => {
        for (let i = 0; i < signs; i += 1) await signer.sign(payload(i));
      },
      adapterConcurrent: async () => {
        let next = 0;
        const worker = async () => {
          while (next < signs) await signer.sign(payload(next++));
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
      },
    };
    const rates = await ratesOf(works, { rounds, signs });
    lib.C_CloseSession(session);

    printTable(
      `PKCS#11 signing on SoftHSM2 (${signsPerSecond.format(signs)} signs x ${rounds} rounds, median)`,
      [
        ...(["adapterSequential", "adapterConcurrent", "rawAsync"] as const).map((name) => ({
          label: {
            adapterSequential: "adapter signer.sign, one at a time",
            adapterConcurrent: "adapter signer.sign, 4 in flight",
            rawAsync: "raw C_SignInit + C_SignAsync loop",
          }[name],
          value: formatSigns(rates[name]),
          baseline: { label: "raw C_SignInit + C_Sign loop", value: formatSigns(rates.rawSync) },
          ratio: { label: "ratio", value: rates[name] / rates.rawSync },
        })),
      ],
    );
  } finally {
    await closePkcs11();
    hsm.cleanup();
  }
}

/** Signs per second of each loop: the median over rounds, the loops taking turns within each round. */
async function ratesOf<K extends string>(
  works: Record<K, () => Promise<void>>,
  options: { rounds: number; signs: number },
): Promise<Record<K, number>> {
  const entries = Object.entries(works) as [K, () => Promise<void>][];
  const times = new Map<K, number[]>(entries.map(([name]) => [name, []]));
  for (const [, work] of entries) await work(); // warm-up: JIT, the pool's sessions, the key handle
  for (let round = 0; round < options.rounds; round += 1) {
    for (const [name, work] of entries) {
      const start = performance.now();
      await work();
      times.get(name)?.push(performance.now() - start);
    }
  }
  return Object.fromEntries(
    entries.map(([name]) => [name, (options.signs * 1000) / median(times.get(name) ?? [])]),
  ) as Record<K, number>;
}
