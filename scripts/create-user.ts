// Creates a local account from the console, for the first administrator of a new installation (or a way back in
// when no administrator can sign in). Same service, rules and audit event as the admin UI; the actor is "console".
//   PORTAL_NEW_USER_PASSWORD=... npm run user:create -- --email a@b.example --name "A B" --roles ADMIN
//   npm run user:create -- --email a@b.example --name "A B" --roles ADMIN        (asks for the password)
// With the embedded database, stop the server first: two processes must not open one PGlite directory.
import readline from "node:readline";
import { Writable } from "node:stream";
import { ZodError } from "zod";
import type { AuditActor } from "../server/audit/events";
import { roleLabels } from "../server/authz/permissions";
import { applyMigrations } from "../server/db/migrations";
import { systemClock } from "../server/lib/clock";
import { DomainError } from "../server/lib/domain-error";
import { createLocalUser } from "../server/users/create-local-user";
import { ZCreateLocalUserInput } from "../server/users/schemas";
import { parseCreateUserArgs } from "./create-user-args";
import { withConfiguredDatabase } from "./open-configured-database";

const CONSOLE_ACTOR: AuditActor = { id: null, name: "console", roles: [] };

/** Asks on the terminal without echoing what is typed. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  // In raw mode Ctrl-C reaches readline, not the process.
  rl.on("SIGINT", () => {
    process.stderr.write("\n");
    process.exit(130);
  });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

async function readFirstLine(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.PORTAL_NEW_USER_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) return readFirstLine();
  const password = await promptHidden("Password for the new account (at least 12 characters): ");
  // Nobody sees what was typed, and a typo here would leave an account nobody can sign in to.
  if ((await promptHidden("Repeat the password: ")) !== password)
    throw new Error("the passwords do not match");
  return password;
}

async function main(): Promise<string> {
  const args = parseCreateUserArgs(process.argv.slice(2));
  const input = ZCreateLocalUserInput.parse({ ...args, password: await readPassword() });
  return withConfiguredDatabase(async (db) => {
    // a fresh installation has no tables yet: the server would create them on start, this does it first
    await applyMigrations(db.adapterFactory);
    const user = await createLocalUser(db.prisma, {
      input,
      actor: CONSOLE_ACTOR,
      clock: systemClock,
      source: "cli",
    });
    const roles = user.roles.map((role) => roleLabels[role]).join(", ");
    return `created ${user.email} (${roles}), id ${user.id}`;
  });
}

/** One line an operator can act on; stack traces are for bugs, not for a mistyped role. */
function oneLine(error: unknown): string {
  if (error instanceof ZodError) {
    return error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
  }
  if (error instanceof DomainError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/:\s*\n\s*/g, ": ").replace(/\s*\n\s*/g, "; ");
}

main().then(
  (message) => {
    console.log(message);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(`error: ${oneLine(error)}`);
    process.exit(1);
  },
);
