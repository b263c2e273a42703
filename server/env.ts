// Configuration, validated with zod in one place. Parsed on first use (not at import), so `next build` and
// tools that never touch a setting do not need it.
import path from "node:path";
import { z } from "zod";
import { isRole, type Role } from "./authz/permissions";
import {
  DEFAULT_MAX_BUNDLE_MB,
  DEFAULT_MAX_UPLOAD_MB,
  HARD_MAX_BUNDLE_MB,
  HARD_MAX_UPLOAD_MB,
} from "./evidence/limits";
import { checkSigningBackendEnv, signingBackendEnvShape } from "./signing/backends/backend-env";
import { decodeKek } from "./signing/backends/kek";
import { parseCeremonyPolicy } from "./signing/ceremonies/policy";

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const flag = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(["1", "0", "true", "false", "yes", "no"])
      .optional()
      .transform((value) => (value === undefined ? fallback : ["1", "true", "yes"].includes(value))),
  );
const positiveInt = (fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(fallback));

/** "portal-admins=ADMIN,release=RELEASE_ENGINEER;SECURITY_OFFICER" -> group name -> roles */
const ZRoleMap = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      const map = new Map<string, Role[]>();
      for (const entry of (text ?? "")
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)) {
        const [group, rolesText] = entry.split("=").map((part) => part.trim());
        const roles = (rolesText ?? "")
          .split(/[;|]/)
          .map((role) => role.trim())
          .filter(Boolean);
        const unknown = roles.filter((role) => !isRole(role));
        if (!group || roles.length === 0 || unknown.length > 0) {
          ctx.addIssue({
            code: "custom",
            message: `OIDC_ROLE_MAP entry "${entry}" must look like group=ROLE (known roles only${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""})`,
          });
          return z.NEVER;
        }
        map.set(group, roles as Role[]);
      }
      return map;
    }),
);

const ZEnv = z
  .object({
    NODE_ENV: z.preprocess(
      emptyAsUndefined,
      z.enum(["development", "production", "test"]).default("development"),
    ),
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(
          /^postgres(ql)?:\/\//,
          "DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded database)",
        )
        .optional(),
    ),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
    PGLITE_DIR: optionalString,
    PORTAL_DEMO: flag(false),
    AUTH_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
    ),
    AUTH_URL: z.preprocess(emptyAsUndefined, z.string().url().default("http://localhost:3000")),
    OIDC_ISSUER: z.preprocess(emptyAsUndefined, z.string().url().optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_DISPLAY_NAME: z.preprocess(emptyAsUndefined, z.string().default("Single sign-on")),
    OIDC_ROLES_CLAIM: z.preprocess(emptyAsUndefined, z.string().default("groups")),
    OIDC_ROLE_MAP: ZRoleMap,
    LOGIN_MAX_FAILURES: positiveInt(5),
    LOGIN_LOCKOUT_MINUTES: positiveInt(15),
    LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: positiveInt(30),
    FRESH_AUTH_MAX_AGE_SECONDS: positiveInt(300),
    // The key-encryption key of the software signing backend: 32 bytes, base64 or hex, given directly or in a
    // file (npm start generates one in DATA_DIR for the demo). Without one, software keys cannot be created or used.
    SIGNING_KEK: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine((text) => decodeKek(text) !== null, "SIGNING_KEK must be 32 bytes, base64 or hex")
        .optional(),
    ),
    SIGNING_KEK_FILE: optionalString,
    // A directory of PEM private keys (P-256) that the software backend may load by file name
    SIGNING_KEY_DIR: optionalString,
    SIGNING_KEY_FILE_PASSPHRASE: optionalString,
    // Break-glass: policy overrides (JSON), the outbound webhook and its HMAC secret, the sweeper's period, and the
    // local accounts that may sign in while the identity provider is unreachable (server/breakglass)
    BREAKGLASS_POLICY_FILE: optionalString,
    BREAKGLASS_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
    BREAKGLASS_WEBHOOK_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, "BREAKGLASS_WEBHOOK_SECRET must be at least 16 characters").optional(),
    ),
    BREAKGLASS_SWEEP_SECONDS: positiveInt(30),
    LOCAL_ACCOUNTS_FILE: optionalString,
    // Releases: the outbound webhook for release and promotion events and its HMAC secret, and the largest
    // registration body (all artifact bytes together) accepted from CI or the browser (server/releases)
    RELEASE_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
    RELEASE_WEBHOOK_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, "RELEASE_WEBHOOK_SECRET must be at least 16 characters").optional(),
    ),
    RELEASE_UPLOAD_MAX_MB: positiveInt(4096),
    // Key operations that need an M-of-N ceremony, e.g. "rotate=2,revoke:release=3" (server/signing/ceremonies)
    SIGNING_CEREMONY_POLICY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .optional()
        .superRefine((text, ctx) => {
          const parsed = parseCeremonyPolicy(text);
          if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
        }),
    ),
    // How often each server records the expiry of ceremonies past their deadline (besides when the list is read)
    SIGNING_CEREMONY_SWEEP_SECONDS: positiveInt(60),
    // How often each server records the expiry of promotion requests past their deadline (server/releases/promotion)
    PROMOTION_SWEEP_SECONDS: positiveInt(60),
    // Audit checkpoints (server/audit/checkpoints): the origin line and key name of the signed checkpoints (default:
    // the host of AUTH_URL + "/audit-log"; set it once in production, verifiers pin it) and how often the scheduler
    // signs one (only when the log has changed since the last)
    AUDIT_CHECKPOINT_ORIGIN: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(
          /^[^\s+]+$/,
          "AUDIT_CHECKPOINT_ORIGIN must not contain spaces or '+' (e.g. portal.example.com/audit-log)",
        )
        .max(200)
        .optional(),
    ),
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: positiveInt(3600),
    // The transparency-log mirror (server/evidence/transparency): how often configured logs are synced, and the
    // HMAC-signed webhook told about divergence alarms
    TRANSPARENCY_SYNC_SECONDS: positiveInt(900),
    TRANSPARENCY_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
    TRANSPARENCY_WEBHOOK_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, "TRANSPARENCY_WEBHOOK_SECRET must be at least 16 characters").optional(),
    ),
    // PKCS#11, AWS KMS, Cloud KMS and Vault transit (server/signing/backends/backend-env.ts)
    ...signingBackendEnvShape,
    // Evidence (server/evidence/limits.ts): the largest upload, and the most evidence bytes one bundle may hold
    EVIDENCE_MAX_UPLOAD_MB: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number()
        .int()
        .positive()
        .max(HARD_MAX_UPLOAD_MB, `EVIDENCE_MAX_UPLOAD_MB is at most ${HARD_MAX_UPLOAD_MB}`)
        .default(DEFAULT_MAX_UPLOAD_MB),
    ),
    // An S3-compatible object store for evidence blobs (server/evidence/s3-blob-store.ts); unset: DATA_DIR/blobs.
    // Credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID…, shared files, instance or task roles).
    EVIDENCE_S3_BUCKET: optionalString,
    EVIDENCE_S3_REGION: z.preprocess(emptyAsUndefined, z.string().default("us-east-1")),
    EVIDENCE_S3_ENDPOINT: z.preprocess(emptyAsUndefined, z.string().url().optional()),
    EVIDENCE_S3_PREFIX: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(
          /^[A-Za-z0-9!_.*'()/-]*\/$/,
          "EVIDENCE_S3_PREFIX is a key prefix ending in /, e.g. portal/evidence/",
        )
        .default(""),
    ),
    EVIDENCE_S3_FORCE_PATH_STYLE: z.preprocess(
      emptyAsUndefined,
      z
        .enum(["1", "0", "true", "false", "yes", "no"])
        .optional()
        .transform((value) => (value === undefined ? undefined : ["1", "true", "yes"].includes(value))),
    ),
    EVIDENCE_BUNDLE_MAX_MB: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number()
        .int()
        .positive()
        .max(HARD_MAX_BUNDLE_MB, `EVIDENCE_BUNDLE_MAX_MB is at most ${HARD_MAX_BUNDLE_MB}`)
        .default(DEFAULT_MAX_BUNDLE_MB),
    ),
  })
  .superRefine((value, ctx) => {
    checkSigningBackendEnv(value, ctx);
    if (value.OIDC_ISSUER && (!value.OIDC_CLIENT_ID || !value.OIDC_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_CLIENT_ID"],
        message: "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
      });
    }
    if (value.BREAKGLASS_WEBHOOK_URL && !value.BREAKGLASS_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["BREAKGLASS_WEBHOOK_SECRET"],
        message: "BREAKGLASS_WEBHOOK_URL needs BREAKGLASS_WEBHOOK_SECRET (the webhook is HMAC-signed)",
      });
    }
    if (value.RELEASE_WEBHOOK_URL && !value.RELEASE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["RELEASE_WEBHOOK_SECRET"],
        message: "RELEASE_WEBHOOK_URL needs RELEASE_WEBHOOK_SECRET (the webhook is HMAC-signed)",
      });
    }
    if (value.TRANSPARENCY_WEBHOOK_URL && !value.TRANSPARENCY_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["TRANSPARENCY_WEBHOOK_SECRET"],
        message: "TRANSPARENCY_WEBHOOK_URL needs TRANSPARENCY_WEBHOOK_SECRET (the webhook is HMAC-signed)",
      });
    }
    if (value.SIGNING_KEK && value.SIGNING_KEK_FILE) {
      ctx.addIssue({
        code: "custom",
        path: ["SIGNING_KEK_FILE"],
        message: "set SIGNING_KEK or SIGNING_KEK_FILE, not both",
      });
    }
    if (value.NODE_ENV === "production" && !value.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "AUTH_SECRET is required (npm start generates one for demo mode)",
      });
    }
  })
  .transform((value) => ({
    ...value,
    PGLITE_DIR: value.PGLITE_DIR ?? path.join(value.DATA_DIR, "pglite"),
    AUDIT_CHECKPOINT_ORIGIN: value.AUDIT_CHECKPOINT_ORIGIN ?? `${new URL(value.AUTH_URL).host}/audit-log`,
    DEMO_MODE: value.PORTAL_DEMO,
  }));

export type Env = z.infer<typeof ZEnv>;

let parsed: Env | undefined;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "env"}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** The validated configuration of this process. */
export const env: Env = new Proxy({} as Env, {
  get(_target, key) {
    parsed ??= loadEnv();
    return parsed[key as keyof Env];
  },
});
