// Parses `npm run breakglass -- <command> [--minutes N] [--roles A,B] [--operator NAME] [--file PATH]`.
import { isRole, type Role } from "../server/authz/permissions";

export type BreakglassCommand =
  | { command: "enable"; minutes: number; roles: Role[]; operator: string | undefined }
  | { command: "disable"; operator: string | undefined }
  | { command: "status" }
  | { command: "hash-password" }
  | { command: "check-file"; file: string };

export const BREAKGLASS_USAGE = `usage:
  npm run breakglass -- enable --minutes 60 [--roles ADMIN,SECURITY_OFFICER] [--operator "Your Name"]
  npm run breakglass -- disable [--operator "Your Name"]
  npm run breakglass -- status
  npm run breakglass -- hash-password          (reads the password from stdin; prints an scrypt hash)
  npm run breakglass -- check-file PATH        (validates a LOCAL_ACCOUNTS_FILE)`;

export function parseBreakglassArgs(argv: readonly string[]): BreakglassCommand {
  const [command, ...rest] = argv;
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] as string;
    if (arg.startsWith("--")) {
      const value = rest[index + 1];
      if (value === undefined || value.startsWith("--")) throw new Error(`${arg} needs a value`);
      options.set(arg.slice(2), value);
      index++;
    } else positional.push(arg);
  }
  const known = new Set(["minutes", "roles", "operator"]);
  for (const key of options.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}`);
  switch (command) {
    case "enable": {
      const minutes = Number(options.get("minutes") ?? "60");
      if (!Number.isInteger(minutes) || minutes < 1)
        throw new Error("--minutes must be a whole number of minutes");
      const roles = (options.get("roles") ?? "ADMIN")
        .split(",")
        .map((role) => role.trim())
        .filter(Boolean);
      const unknown = roles.filter((role) => !isRole(role));
      if (unknown.length > 0) throw new Error(`unknown role: ${unknown.join(", ")}`);
      return { command, minutes, roles: roles as Role[], operator: options.get("operator") };
    }
    case "disable":
      return { command, operator: options.get("operator") };
    case "status":
    case "hash-password":
      return { command };
    case "check-file": {
      const file = positional[0];
      if (!file) throw new Error("check-file needs a path");
      return { command, file };
    }
    default:
      throw new Error(BREAKGLASS_USAGE);
  }
}
