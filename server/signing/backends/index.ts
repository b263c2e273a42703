// Which backend holds a key is a property of the key (its registry row names it); domain code asks `backendFor`
// and never knows more. Each kind is built once per process from the configuration; a kind that is not configured
// (or not built into this version) answers with a clear error instead of failing deep inside a signing call.
import fs from "node:fs";
import { env } from "../../env";
import { DomainError } from "../../lib/domain-error";
import { BACKEND_KINDS, type BackendKind, type SigningBackend } from "../signer";
import { awsKmsBackendFromEnv } from "./aws-kms";
import { gcpKmsBackendFromEnv } from "./gcp-kms";
import { decodeKek } from "./kek";
import { pkcs11BackendFromEnv } from "./pkcs11";
import { createSoftwareBackend, type SoftwareBackend } from "./software";
import { vaultTransitBackendFromEnv } from "./vault-transit";

function softwareBackendFromEnv(): SoftwareBackend {
  let kek: Buffer | null = env.SIGNING_KEK ? decodeKek(env.SIGNING_KEK) : null;
  if (env.SIGNING_KEK_FILE) {
    let text: string;
    try {
      text = fs.readFileSync(env.SIGNING_KEK_FILE, "utf8");
    } catch {
      throw new DomainError("PRECONDITION_FAILED", `SIGNING_KEK_FILE ${env.SIGNING_KEK_FILE} cannot be read`);
    }
    kek = decodeKek(text);
    if (!kek) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        `SIGNING_KEK_FILE ${env.SIGNING_KEK_FILE} must hold 32 bytes, base64 or hex`,
      );
    }
  }
  return createSoftwareBackend({
    kek,
    keyDir: env.SIGNING_KEY_DIR ?? null,
    keyFilePassphrase: env.SIGNING_KEY_FILE_PASSPHRASE ?? null,
  });
}

/** How each kind is built from the configuration; null: not available in this build. */
const factories: Record<BackendKind, (() => SigningBackend) | null> = {
  software: softwareBackendFromEnv,
  // each throws a SigningBackendError naming the missing settings when the backend is not configured
  pkcs11: () => pkcs11BackendFromEnv(env),
  "aws-kms": () => awsKmsBackendFromEnv(env),
  "gcp-kms": () => gcpKmsBackendFromEnv(env),
  "vault-transit": () => vaultTransitBackendFromEnv(env),
};

// Kept on globalThis: Next loads server code in more than one bundle, and each backend holds a cache of opened
// keys (and, for PKCS#11, a session) that should exist once per process.
const holder = globalThis as unknown as { portalSigningBackends?: Map<BackendKind, SigningBackend> };
holder.portalSigningBackends ??= new Map();
const built = holder.portalSigningBackends;

export function isBackendKind(value: string): value is BackendKind {
  return (BACKEND_KINDS as readonly string[]).includes(value);
}

export function backendFor(kind: string): SigningBackend {
  if (!isBackendKind(kind)) {
    throw new DomainError(
      "BAD_REQUEST",
      `unknown signing backend "${kind}"; known: ${BACKEND_KINDS.join(", ")}`,
    );
  }
  const existing = built.get(kind);
  if (existing) return existing;
  const factory = factories[kind];
  if (!factory) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the ${kind} signing backend is not available in this installation`,
    );
  }
  const backend = factory();
  built.set(kind, backend);
  return backend;
}

/** The software backend with its extra operation (importing key files). */
export function softwareBackend(): SoftwareBackend {
  return backendFor("software") as SoftwareBackend;
}

/**
 * Replaces the backend of a kind for this process: for tests (a software backend with a test KEK) and for tools
 * that build a backend from their own configuration. Returns a function that restores the previous one.
 */
export function installSigningBackend(backend: SigningBackend): () => void {
  const previous = built.get(backend.kind);
  built.set(backend.kind, backend);
  return () => {
    if (previous) built.set(backend.kind, previous);
    else built.delete(backend.kind);
  };
}

export type BackendAvailability = {
  kind: BackendKind;
  available: boolean;
  /** why not, or what is configured */
  detail: string;
  /** software backend: PEM key files that can be registered */
  keyFiles: string[];
};

/** What the key creation form can offer, and why a backend cannot be chosen. */
export function describeBackends(): BackendAvailability[] {
  return BACKEND_KINDS.map((kind) => {
    try {
      const backend = backendFor(kind);
      if (kind === "software") {
        const software = backend as SoftwareBackend;
        return {
          kind,
          available: software.kekId !== null || software.keyDir !== null,
          detail: software.kekId
            ? `keys encrypted under ${software.kekId}`
            : "no key-encryption key configured (SIGNING_KEK or SIGNING_KEK_FILE)",
          keyFiles: software.listKeyFiles(),
        };
      }
      return { kind, available: true, detail: "configured", keyFiles: [] };
    } catch (error) {
      return {
        kind,
        available: false,
        detail: error instanceof DomainError ? error.message : "not configured",
        keyFiles: [],
      };
    }
  });
}
