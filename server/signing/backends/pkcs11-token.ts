// The process's connections to PKCS#11 tokens. C_Initialize may run once per process for a module, and a login
// holds for every session of the process on that token, so there is one initialised module per module path and
// one logged-in connection per token, shared by every signer of the process. Both live on globalThis so Next's
// development reloads reuse them instead of initialising the module again. Work runs on pooled sessions (see
// session-pool.ts); a connection that reports its token gone is forgotten, and the next call connects anew.
import { createHash, timingSafeEqual } from "node:crypto";
import type { PKCS11 } from "pkcs11js";
import { SigningBackendError } from "./backend-error";
import { SessionPool } from "./session-pool";

export type Pkcs11Js = typeof import("pkcs11js");

export type Pkcs11TokenConfig = {
  /** path of the PKCS#11 shared library, e.g. /usr/lib/softhsm/libsofthsm2.so */
  modulePath: string;
  tokenLabel: string;
  /** the user PIN (CKU_USER) */
  pin: string;
  /** sessions opened at most for concurrent work (default 4) */
  maxSessions?: number;
};

export type Pkcs11Token = {
  readonly pkcs11: Pkcs11Js;
  readonly lib: PKCS11;
  readonly slot: Buffer;
  readonly label: string;
  readonly modulePath: string;
  /** mechanism numbers the token offers (C_GetMechanismList) */
  readonly mechanisms: ReadonlySet<number>;
  /** sessions the pool holds open now (it never opens more than maxSessions) */
  readonly sessionsOpen: number;
  /** object handles of private keys by CKA_ID (hex), valid for this connection */
  readonly keyHandles: Map<string, Buffer>;
  /** runs work on a pooled read-only session; logs in again once if the token forgot the login */
  withSession<T>(work: (session: Buffer) => Promise<T> | T): Promise<T>;
  /** runs work on a fresh read-write session (object creation), closed afterwards */
  withReadWriteSession<T>(work: (session: Buffer) => Promise<T> | T): Promise<T>;
};

type LoadedModule = { pkcs11: Pkcs11Js; lib: PKCS11 };
type OpenToken = { token: Pkcs11Token; pinDigest: Buffer; close: () => void };
type Registry = {
  modules: Map<string, Promise<LoadedModule>>;
  tokens: Map<string, Promise<OpenToken>>;
};

const REGISTRY_KEY = Symbol.for("portal.signing.pkcs11");
const holder = globalThis as { [REGISTRY_KEY]?: Registry };
holder[REGISTRY_KEY] ??= { modules: new Map(), tokens: new Map() };
const registry: Registry = holder[REGISTRY_KEY];

// session states (PKCS#11 CK_STATE; pkcs11js does not export them)
const CKS_RO_USER_FUNCTIONS = 1;
const CKS_RW_USER_FUNCTIONS = 3;

/** Errors after which a session cannot be used again. */
const SESSION_GONE = new Set([
  "CKR_SESSION_HANDLE_INVALID",
  "CKR_SESSION_CLOSED",
  "CKR_DEVICE_REMOVED",
  "CKR_TOKEN_NOT_PRESENT",
  "CKR_DEVICE_ERROR",
]);
/** Errors after which the whole connection is stale (token removed, library reset). */
const TOKEN_GONE = new Set(["CKR_DEVICE_REMOVED", "CKR_TOKEN_NOT_PRESENT", "CKR_CRYPTOKI_NOT_INITIALIZED"]);

/** The CKR_* name of a PKCS#11 error (pkcs11js puts it in the message), or undefined for anything else. */
export function ckrOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  return /^(CKR_[A-Z0-9_]+)/.exec(error.message)?.[1];
}

export async function openPkcs11Token(config: Pkcs11TokenConfig): Promise<Pkcs11Token> {
  const key = `${config.modulePath}\0${config.tokenLabel}`;
  let pending = registry.tokens.get(key);
  if (!pending) {
    const connecting: Promise<OpenToken> = connect(config, () => {
      if (registry.tokens.get(key) !== connecting) return;
      registry.tokens.delete(key);
      void connecting.then((stale) => stale.close());
    });
    pending = connecting;
    registry.tokens.set(key, pending);
    // a failed connection is not remembered: the token may be plugged in or initialised later
    pending.catch(() => {
      if (registry.tokens.get(key) === pending) registry.tokens.delete(key);
    });
  }
  const open = await pending;
  // the login is per process and token: a second PIN for a connected token cannot be checked by the token
  // (it answers CKR_USER_ALREADY_LOGGED_IN), so it is compared with the one that logged in
  if (!timingSafeEqual(open.pinDigest, pinDigestOf(config.pin))) {
    throw new SigningBackendError(
      "pkcs11",
      "authentication",
      `token "${config.tokenLabel}" is already logged in by this process with a different PIN`,
    );
  }
  return open.token;
}

/** Closes every session, logs out and finalises every module (tests, benchmarks and shutdown). */
export async function closePkcs11(): Promise<void> {
  const tokens = [...registry.tokens.values()];
  registry.tokens.clear();
  for (const pending of tokens) {
    const open = await pending.catch(() => undefined);
    open?.close();
  }
  const modules = [...registry.modules.values()];
  registry.modules.clear();
  for (const pending of modules) {
    const loaded = await pending.catch(() => undefined);
    try {
      loaded?.lib.C_Finalize();
    } catch {
      // finalising a module that another part of the process already finalised
    }
  }
}

function pinDigestOf(pin: string): Buffer {
  return createHash("sha256").update(`portal-pkcs11-pin\0${pin}`).digest();
}

async function loadModule(modulePath: string): Promise<LoadedModule> {
  let pending = registry.modules.get(modulePath);
  if (!pending) {
    pending = (async () => {
      const pkcs11 = (await import("pkcs11js")).default;
      const lib = new pkcs11.PKCS11();
      try {
        lib.load(modulePath);
      } catch (error) {
        throw new SigningBackendError(
          "pkcs11",
          "configuration",
          `cannot load the PKCS#11 module ${modulePath}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      try {
        // signing runs on libuv's worker threads (C_SignAsync): the module must lock for itself
        lib.C_Initialize({ flags: pkcs11.CKF_OS_LOCKING_OK });
      } catch (error) {
        if (ckrOf(error) !== "CKR_CRYPTOKI_ALREADY_INITIALIZED") {
          throw new SigningBackendError(
            "pkcs11",
            "provider",
            `C_Initialize failed for ${modulePath}: ${ckrOf(error) ?? (error as Error).message}`,
            { cause: error },
          );
        }
      }
      return { pkcs11, lib };
    })();
    registry.modules.set(modulePath, pending);
    pending.catch(() => {
      if (registry.modules.get(modulePath) === pending) registry.modules.delete(modulePath);
    });
  }
  return pending;
}

function findSlot({ pkcs11, lib }: LoadedModule, config: Pkcs11TokenConfig): Buffer {
  const present = lib.C_GetSlotList(true).map((slot) => ({ slot, info: lib.C_GetTokenInfo(slot) }));
  const labelOf = (info: { label: string }) => info.label.replace(/[\s\0]+$/, "");
  const matching = present.filter(({ info }) => labelOf(info) === config.tokenLabel);
  const [match, ...others] = matching;
  if (!match) {
    const labels = present.map(({ info }) => `"${labelOf(info)}"`).join(", ") || "none";
    throw new SigningBackendError(
      "pkcs11",
      "not-found",
      `no token labelled "${config.tokenLabel}" in ${config.modulePath} (tokens present: ${labels})`,
    );
  }
  if (others.length > 0) {
    throw new SigningBackendError(
      "pkcs11",
      "configuration",
      `${matching.length} tokens are labelled "${config.tokenLabel}" in ${config.modulePath}: labels must be unique`,
    );
  }
  const flags = match.info.flags;
  if (!(flags & pkcs11.CKF_TOKEN_INITIALIZED) || !(flags & pkcs11.CKF_USER_PIN_INITIALIZED)) {
    throw new SigningBackendError(
      "pkcs11",
      "configuration",
      `token "${config.tokenLabel}" is not initialised or has no user PIN`,
    );
  }
  if (flags & pkcs11.CKF_USER_PIN_LOCKED) {
    throw new SigningBackendError(
      "pkcs11",
      "authentication",
      `the user PIN of token "${config.tokenLabel}" is locked`,
    );
  }
  return match.slot;
}

function login({ pkcs11, lib }: LoadedModule, slot: Buffer, config: Pkcs11TokenConfig): Buffer {
  const session = lib.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION);
  try {
    lib.C_Login(session, pkcs11.CKU_USER, config.pin);
  } catch (error) {
    const code = ckrOf(error);
    if (code === "CKR_USER_ALREADY_LOGGED_IN") return session;
    lib.C_CloseSession(session);
    const why =
      code === "CKR_PIN_INCORRECT"
        ? "wrong PIN"
        : code === "CKR_PIN_LOCKED"
          ? "the PIN is locked"
          : `login failed (${code ?? (error as Error).message})`;
    throw new SigningBackendError("pkcs11", "authentication", `token "${config.tokenLabel}": ${why}`, {
      cause: error,
    });
  }
  return session;
}

/** `forget` drops this connection from the registry once its token is gone. */
async function connect(config: Pkcs11TokenConfig, forget: () => void): Promise<OpenToken> {
  const loaded = await loadModule(config.modulePath);
  const { pkcs11, lib } = loaded;
  const slot = findSlot(loaded, config);
  const mechanisms = new Set(lib.C_GetMechanismList(slot));
  if (!mechanisms.has(pkcs11.CKM_ECDSA) && !mechanisms.has(pkcs11.CKM_ECDSA_SHA256)) {
    throw new SigningBackendError(
      "pkcs11",
      "configuration",
      `token "${config.tokenLabel}" offers no ECDSA mechanism`,
    );
  }
  // a login lasts while the process has a session open on the token: this one is kept for that
  let loginSession = login(loaded, slot, config);
  const pool = new SessionPool<Buffer>({
    open: () => lib.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION),
    close: (session) => lib.C_CloseSession(session),
    max: config.maxSessions ?? 4,
    isBroken: (error) => SESSION_GONE.has(ckrOf(error) ?? ""),
  });
  const loggedIn = () => {
    try {
      const { state } = lib.C_GetSessionInfo(loginSession);
      return state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
    } catch {
      return false;
    }
  };
  const onError = (error: unknown): never => {
    if (TOKEN_GONE.has(ckrOf(error) ?? "")) forget();
    throw error;
  };
  let logins = 1;
  /**
   * Runs work; if it failed because the token forgot the login (a reset, a C_Logout), logs in and runs it once
   * more. Work that overlapped a login made by another call is simply run again.
   */
  const loggedInOnce = async <T>(run: () => Promise<T>): Promise<T> => {
    const loginsBefore = logins;
    try {
      return await run();
    } catch (error) {
      if (logins === loginsBefore) {
        // private keys vanish from view without a login, so the failure can be any "not found" or handle error
        if (ckrOf(error) !== "CKR_USER_NOT_LOGGED_IN" && loggedIn()) return onError(error);
        try {
          lib.C_CloseSession(loginSession);
        } catch {
          // already closed
        }
        loginSession = login(loaded, slot, config);
        logins += 1;
      }
      return run().catch(onError);
    }
  };
  const token: Pkcs11Token = {
    pkcs11,
    lib,
    slot,
    label: config.tokenLabel,
    modulePath: config.modulePath,
    mechanisms,
    get sessionsOpen() {
      return pool.size;
    },
    keyHandles: new Map(),
    withSession: (work) => loggedInOnce(() => pool.use(work)),
    withReadWriteSession: (work) =>
      loggedInOnce(async () => {
        const session = lib.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
        try {
          return await work(session);
        } finally {
          try {
            lib.C_CloseSession(session);
          } catch {
            // the token already closed it
          }
        }
      }),
  };
  const close = () => {
    pool.close();
    try {
      lib.C_Logout(loginSession);
    } catch {
      // not logged in any more
    }
    try {
      lib.C_CloseSession(loginSession);
    } catch {
      // already closed
    }
  };
  return { token, pinDigest: pinDigestOf(config.pin), close };
}
