// Keys in HashiCorp Vault's (or OpenBao's) transit secrets engine, over its HTTP API with fetch. Vault keys are
// versioned: a ref pins one version, so every version is a key of its own with its own key id, and Vault's
// rotation (`rotateKey`) yields a new ref while old refs keep signing with, and verifying as, their version.
// The digest is computed here and sent `prehashed`; the signature comes back ASN.1 (DER) as "vault:v<N>:<b64>"
// and is checked against the pinned version's public key (remote-signer.ts).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Env } from "@/server/env";
import { toSpkiPem } from "../key-id";
import type { CreatedKey, SigningBackend } from "../signer";
import { SigningBackendError, type SigningBackendErrorReason } from "./backend-error";
import { decodeRef, encodeRef } from "./backend-ref";
import { requireP256 } from "./p256-public-key";
import { remoteSigner } from "./remote-signer";

export type VaultTransitBackendConfig = {
  /** e.g. https://vault.example.com:8200 */
  address: string;
  token?: string;
  /** read again for every request, so a Vault Agent sink that renews the token keeps working */
  tokenFile?: string;
  /** Vault Enterprise / HCP namespace */
  namespace?: string;
  /** where the transit engine is mounted (default "transit") */
  mount?: string;
  timeoutMs?: number;
};

export type VaultTransitBackend = SigningBackend & {
  /** Vault's key rotation: a new version of the same Vault key, returned as a new key (ref + public key). */
  rotateKey(ref: string): Promise<CreatedKey>;
};

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const ZVaultRef = z.object({
  mount: z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/),
  name: z.string().regex(SEGMENT),
  version: z.number().int().positive(),
});
type VaultRef = z.infer<typeof ZVaultRef>;

const ZKeyInfo = z.object({
  data: z.object({
    type: z.string(),
    latest_version: z.number().int(),
    keys: z.record(z.string(), z.object({ public_key: z.string().optional() }).passthrough()),
  }),
});
const ZSignAnswer = z.object({
  data: z.object({ signature: z.string(), key_version: z.number().int().optional() }),
});

export function createVaultTransitBackend(config: VaultTransitBackendConfig): VaultTransitBackend {
  const mount = config.mount ?? "transit";
  const vault = vaultClient(config);

  const readKey = async (ref: Omit<VaultRef, "version">) => {
    const info = ZKeyInfo.safeParse(await vault("GET", `${ref.mount}/keys/${ref.name}`));
    if (!info.success)
      throw new SigningBackendError("vault-transit", "provider", `key ${ref.name}: unexpected answer`);
    if (info.data.data.type !== "ecdsa-p256") {
      throw new SigningBackendError(
        "vault-transit",
        "configuration",
        `key ${ref.name} is of type ${info.data.data.type}, not ecdsa-p256`,
      );
    }
    return info.data.data;
  };
  const publicKeyOf = (key: Awaited<ReturnType<typeof readKey>>, ref: VaultRef) => {
    const pem = key.keys[String(ref.version)]?.public_key;
    if (!pem) {
      throw new SigningBackendError(
        "vault-transit",
        "not-found",
        `key ${ref.name} has no version ${ref.version} (latest is ${key.latest_version}; trimmed or never made)`,
      );
    }
    return toSpkiPem(requireP256("vault-transit", pem, `public key of ${ref.name} v${ref.version}`));
  };
  const latest = async (name: string): Promise<CreatedKey> => {
    const key = await readKey({ mount, name });
    const ref: VaultRef = { mount, name, version: key.latest_version };
    return { ref: encodeRef(ZVaultRef, ref), publicKeyPem: publicKeyOf(key, ref) };
  };

  return {
    kind: "vault-transit",
    async createKey({ label }) {
      const name = vaultKeyNameFor(label);
      await vault("POST", `${mount}/keys/${name}`, { type: "ecdsa-p256", exportable: false });
      return latest(name);
    },
    async rotateKey(ref) {
      const { mount: keyMount, name } = decodeRef("vault-transit", ZVaultRef, ref);
      await vault("POST", `${keyMount}/keys/${name}/rotate`, {});
      const key = await readKey({ mount: keyMount, name });
      const rotated: VaultRef = { mount: keyMount, name, version: key.latest_version };
      return { ref: encodeRef(ZVaultRef, rotated), publicKeyPem: publicKeyOf(key, rotated) };
    },
    async openSigner(refText) {
      const ref = decodeRef("vault-transit", ZVaultRef, refText);
      const keyName = `${ref.name} v${ref.version}`;
      return remoteSigner({
        backend: "vault-transit",
        keyName,
        publicKeyPem: publicKeyOf(await readKey(ref), ref),
        async signDigest(digest) {
          const answer = ZSignAnswer.safeParse(
            await vault("POST", `${ref.mount}/sign/${ref.name}/sha2-256`, {
              input: digest.toString("base64"),
              prehashed: true,
              marshaling_algorithm: "asn1",
              key_version: ref.version,
            }),
          );
          if (!answer.success)
            throw new SigningBackendError("vault-transit", "provider", `${keyName}: unexpected answer`);
          const { version, signature } = parseVaultSignature(answer.data.data.signature);
          if (version !== ref.version) {
            throw new SigningBackendError(
              "vault-transit",
              "integrity",
              `asked ${ref.name} to sign with version ${ref.version}, Vault signed with version ${version}`,
            );
          }
          return signature;
        },
      });
    },
  };
}

export function vaultTransitBackendFromEnv(env: Env): VaultTransitBackend {
  if (!env.VAULT_ADDR) throw new SigningBackendError("vault-transit", "configuration", "set VAULT_ADDR");
  return createVaultTransitBackend({
    address: env.VAULT_ADDR,
    token: env.VAULT_TOKEN,
    tokenFile: env.VAULT_TOKEN_FILE,
    namespace: env.VAULT_NAMESPACE,
    mount: env.VAULT_TRANSIT_MOUNT,
  });
}

/** "vault:v<N>:<base64>" -> version and signature bytes; anything else is refused. */
export function parseVaultSignature(text: string): { version: number; signature: Buffer } {
  const match = /^vault:v([1-9]\d*):([A-Za-z0-9+/]+={0,2})$/.exec(text);
  if (!match)
    throw new SigningBackendError(
      "vault-transit",
      "integrity",
      "Vault's signature is not vault:v<N>:<base64>",
    );
  return { version: Number(match[1]), signature: Buffer.from(match[2] ?? "", "base64") };
}

/** Vault key names become URL path segments: a slug of the label plus random bits, unique per mount. */
export function vaultKeyNameFor(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return `${slug || "key"}-${randomBytes(8).toString("hex")}`;
}

const REASON_BY_STATUS: Record<number, SigningBackendErrorReason> = {
  400: "provider",
  401: "authentication",
  403: "authentication",
  404: "not-found",
};

function vaultClient(config: VaultTransitBackendConfig) {
  const base = config.address.replace(/\/+$/, "");
  const token = () => {
    if (config.token) return config.token;
    if (!config.tokenFile)
      throw new SigningBackendError("vault-transit", "configuration", "no Vault token configured");
    try {
      return readFileSync(config.tokenFile, "utf8").trim();
    } catch (error) {
      throw new SigningBackendError(
        "vault-transit",
        "configuration",
        `cannot read the Vault token file ${config.tokenFile}`,
        {
          cause: error,
        },
      );
    }
  };
  return async (method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> => {
    const url = `${base}/v1/${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          "X-Vault-Token": token(),
          ...(config.namespace ? { "X-Vault-Namespace": config.namespace } : {}),
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          "X-Vault-Request": "true",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs ?? 15_000),
      });
    } catch (error) {
      if (error instanceof SigningBackendError) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new SigningBackendError("vault-transit", "provider", `cannot reach Vault at ${base} (${why})`, {
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) {
      let errors: string[] = [];
      try {
        errors = (JSON.parse(text) as { errors?: string[] }).errors ?? [];
      } catch {
        errors = text ? [text.slice(0, 200)] : [];
      }
      const detail = errors.length > 0 ? errors.join("; ") : response.statusText || "no details";
      throw new SigningBackendError(
        "vault-transit",
        response.status === 503 ? "provider" : (REASON_BY_STATUS[response.status] ?? "provider"),
        `${method} /v1/${path} failed: HTTP ${response.status}: ${detail}`,
      );
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
}
