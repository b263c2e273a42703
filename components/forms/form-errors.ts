import { type ClientErrorInfo, describeClientError } from "@/components/trpc/error-message";

export type FormErrors = {
  /** shown above the form: a refusal, or a problem that belongs to no single field */
  alert: ClientErrorInfo | null;
  /** first message per top-level field ("roles.0" counts as "roles") */
  fields: Record<string, string>;
};

const noErrors: FormErrors = { alert: null, fields: {} };

/**
 * Splits a failed mutation into what goes beside each field and what goes on top. Invalid input comes back as
 * fieldErrors (its message is zod's raw report, not for people); anything else carries a message for people.
 */
export function formErrorsOf(error: unknown): FormErrors {
  if (!error) return noErrors;
  const info = describeClientError(error);
  if (!info.fieldErrors) return { alert: info, fields: {} };
  const fields: Record<string, string> = {};
  for (const [path, messages] of Object.entries(info.fieldErrors)) {
    const field = path.split(".")[0] ?? path;
    const message = messages[0];
    if (message && !(field in fields)) fields[field] = message;
  }
  const general = fields._;
  return { alert: general ? { ...info, message: general } : null, fields };
}
