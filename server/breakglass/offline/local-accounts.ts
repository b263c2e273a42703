// The local policy file (LOCAL_ACCOUNTS_FILE): accounts that may sign in while the identity provider is
// unreachable, with their roles and scrypt password hashes (npm run breakglass -- hash-password makes one).
// Validated with zod; a bad file stops the sign-in with a message naming the entry, never grants by accident.
import fs from "node:fs";
import { z } from "zod";
import { normalizeEmail } from "../../auth/normalize-email";
import { ROLES, type Role } from "../../authz/permissions";

const ZLocalAccount = z.object({
  email: z
    .string()
    .trim()
    .pipe(z.email("not a valid email address"))
    .transform((email) => normalizeEmail(email)),
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1, "at least one role"),
  passwordHash: z
    .string()
    .regex(
      /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/,
      "an scrypt hash from npm run breakglass -- hash-password",
    ),
});

export const ZLocalAccountsFile = z
  .object({ version: z.literal(1), accounts: z.array(ZLocalAccount).max(100) })
  .refine((file) => new Set(file.accounts.map((account) => account.email)).size === file.accounts.length, {
    message: "each email at most once",
    path: ["accounts"],
  });

export type LocalAccount = { email: string; name: string; roles: Role[]; passwordHash: string };

export function parseLocalAccounts(value: unknown, source = "local accounts file"): LocalAccount[] {
  const result = ZLocalAccountsFile.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "file"}: ${issue.message}`);
    throw new Error(`Invalid ${source}:\n${lines.join("\n")}`);
  }
  return result.data.accounts;
}

/** Read at each use: during an outage an operator may fix the file without restarting the portal. */
export function readLocalAccountsFile(file: string): LocalAccount[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read LOCAL_ACCOUNTS_FILE ${file}: ${(error as Error).message}`);
  }
  return parseLocalAccounts(json, `LOCAL_ACCOUNTS_FILE ${file}`);
}
