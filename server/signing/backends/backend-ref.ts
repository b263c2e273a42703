// Key refs are JSON strings the key registry stores verbatim (see CreatedKey in ../signer.ts). Each backend
// describes its own shape with zod; a ref that does not parse is refused with the backend named, before any call.
import type { z } from "zod";
import type { BackendKind } from "../signer";
import { SigningBackendError } from "./backend-error";

export function encodeRef<T>(schema: z.ZodType<T>, value: T): string {
  return JSON.stringify(schema.parse(value));
}

export function decodeRef<T>(backend: BackendKind, schema: z.ZodType<T>, ref: string): T {
  let json: unknown;
  try {
    json = JSON.parse(ref);
  } catch {
    throw new SigningBackendError(backend, "bad-ref", "key ref is not JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".") || "ref"}: ${issue.message}`);
    throw new SigningBackendError(
      backend,
      "bad-ref",
      `key ref is not one of this backend's (${detail.join("; ")})`,
    );
  }
  return parsed.data;
}
