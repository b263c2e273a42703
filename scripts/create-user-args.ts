// Command-line arguments of `npm run user:create`, parsed without touching the database so that bad input is
// refused before anything is opened. The password is deliberately not an argument: argv shows in `ps`.
import { parseArgs } from "node:util";

export const USAGE =
  'usage: npm run user:create -- --email a@b.example --name "A B" --roles ADMIN[,AUDITOR] ' +
  "(password from PORTAL_NEW_USER_PASSWORD, or one line on stdin)";

export type CreateUserArgs = { email: string; name: string; roles: string[] };

export function parseCreateUserArgs(argv: readonly string[]): CreateUserArgs {
  let values: { email?: string; name?: string; roles?: string; password?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        email: { type: "string" },
        name: { type: "string" },
        roles: { type: "string" },
        // accepted only to refuse it with a reason, instead of "unknown option"
        password: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
  }
  if (values.password !== undefined) {
    throw new Error(
      "--password is not accepted: arguments are visible to every user of this machine (ps). Set PORTAL_NEW_USER_PASSWORD or pipe it on stdin.",
    );
  }
  const missing = (["email", "name", "roles"] as const).filter((key) => !values[key]?.trim());
  if (missing.length > 0) throw new Error(`missing --${missing.join(", --")}; ${USAGE}`);
  return {
    email: values.email ?? "",
    name: values.name ?? "",
    // roles are upper-case in the matrix; "admin" is what people type
    roles: (values.roles ?? "")
      .split(",")
      .map((role) => role.trim().toUpperCase())
      .filter(Boolean),
  };
}
