// Settings of the HSM and cloud key backends, spread into server/env.ts (validated there, at start-up, with the
// rest). Each backend is optional; when one is partly configured, the missing settings are named.
import { z } from "zod";

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, "must be an http:// or https:// URL")
    .optional(),
);

export const signingBackendEnvShape = {
  PKCS11_MODULE: optionalString,
  PKCS11_TOKEN_LABEL: z.preprocess(
    emptyAsUndefined,
    z.string().max(32, "PKCS11_TOKEN_LABEL: token labels have at most 32 characters").optional(),
  ),
  PKCS11_PIN: optionalString,
  PKCS11_PIN_FILE: optionalString,
  PKCS11_MAX_SESSIONS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).default(4)),
  AWS_KMS_REGION: optionalString,
  AWS_KMS_ENDPOINT: optionalUrl,
  GCP_KMS_PROJECT: optionalString,
  GCP_KMS_LOCATION: optionalString,
  GCP_KMS_KEY_RING: optionalString,
  GCP_KMS_API_ENDPOINT: optionalUrl,
  GCP_KMS_CREDENTIALS_FILE: optionalString,
  GCP_KMS_PROTECTION_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["SOFTWARE", "HSM"]).optional()),
  VAULT_ADDR: optionalUrl,
  VAULT_TOKEN: optionalString,
  VAULT_TOKEN_FILE: optionalString,
  VAULT_NAMESPACE: optionalString,
  VAULT_TRANSIT_MOUNT: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, "VAULT_TRANSIT_MOUNT: a mount path such as transit")
      .default("transit"),
  ),
};

type SigningBackendEnv = z.infer<z.ZodObject<typeof signingBackendEnvShape>>;

export function checkSigningBackendEnv(value: SigningBackendEnv, ctx: z.RefinementCtx): void {
  const issue = (path: keyof SigningBackendEnv, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  if (value.PKCS11_MODULE) {
    if (!value.PKCS11_TOKEN_LABEL) issue("PKCS11_TOKEN_LABEL", "PKCS11_MODULE needs PKCS11_TOKEN_LABEL");
    if (!value.PKCS11_PIN === !value.PKCS11_PIN_FILE) {
      issue("PKCS11_PIN", "PKCS11_MODULE needs exactly one of PKCS11_PIN and PKCS11_PIN_FILE");
    }
  }
  const gcp = [value.GCP_KMS_PROJECT, value.GCP_KMS_LOCATION, value.GCP_KMS_KEY_RING];
  if (gcp.some(Boolean) && !gcp.every(Boolean)) {
    issue("GCP_KMS_PROJECT", "GCP_KMS_PROJECT, GCP_KMS_LOCATION and GCP_KMS_KEY_RING go together");
  }
  if (value.VAULT_ADDR && !value.VAULT_TOKEN === !value.VAULT_TOKEN_FILE) {
    issue("VAULT_TOKEN", "VAULT_ADDR needs exactly one of VAULT_TOKEN and VAULT_TOKEN_FILE");
  }
}
