// The server console's break-glass tools. The bootstrap account can be enabled only here, never from the web UI:
// whoever runs this has the server's configuration (and its database) already. Audited with the operator's name.
//   npm run breakglass -- enable --minutes 60 --roles ADMIN --operator "Olga Ops"
// With the embedded database, stop the server first: two processes must not open one PGlite directory.
import os from "node:os";
import readline from "node:readline";
import { hashPassword } from "../server/auth/password";
import {
  BOOTSTRAP_ID,
  enableBootstrapAccount,
  sealBootstrapAccount,
} from "../server/breakglass/offline/bootstrap-account";
import { readLocalAccountsFile } from "../server/breakglass/offline/local-accounts";
import { createWebhookSender } from "../server/breakglass/webhook";
import { applyMigrations } from "../server/db/migrations";
import { loadEnv } from "../server/env";
import { systemClock } from "../server/lib/clock";
import { DomainError } from "../server/lib/domain-error";
import { parseBreakglassArgs } from "./breakglass-args";
import { withConfiguredDatabase } from "./open-configured-database";

async function readLine(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

function operatorOf(given: string | undefined): string {
  return given?.trim() || `${os.userInfo().username}@${os.hostname()}`;
}

async function main(): Promise<string> {
  const args = parseBreakglassArgs(process.argv.slice(2));
  if (args.command === "hash-password") {
    const password = process.env.PORTAL_NEW_USER_PASSWORD || (await readLine());
    if (password.length < 12) throw new Error("use at least 12 characters");
    return hashPassword(password);
  }
  if (args.command === "check-file") {
    const accounts = readLocalAccountsFile(args.file);
    return `${args.file}: ${accounts.length} account(s): ${accounts.map((a) => `${a.email} (${a.roles.join(", ")})`).join("; ")}`;
  }
  const env = loadEnv();
  const webhook =
    env.BREAKGLASS_WEBHOOK_URL && env.BREAKGLASS_WEBHOOK_SECRET
      ? createWebhookSender({ url: env.BREAKGLASS_WEBHOOK_URL, secret: env.BREAKGLASS_WEBHOOK_SECRET })
      : undefined;
  return withConfiguredDatabase(async (db) => {
    await applyMigrations(db.adapterFactory);
    const deps = { prisma: db.prisma, clock: systemClock, webhook };
    switch (args.command) {
      case "enable": {
        const enabled = await enableBootstrapAccount(deps, { ...args, operator: operatorOf(args.operator) });
        await webhook?.flush();
        return [
          `bootstrap break-glass account enabled until ${enabled.until.toISOString()}`,
          `  email:    ${enabled.email}`,
          `  password: ${enabled.password}`,
          "shown once; security officers have been notified. Seal it when done: npm run breakglass -- disable",
        ].join("\n");
      }
      case "disable": {
        const sealed = await sealBootstrapAccount(deps, { operator: operatorOf(args.operator) });
        return sealed ? "bootstrap break-glass account sealed" : "the bootstrap account was not enabled";
      }
      case "status": {
        const state = await db.prisma.bootstrapAccount.findUnique({ where: { id: BOOTSTRAP_ID } });
        const until = state?.enabledUntil;
        return until && until > systemClock.now()
          ? `enabled until ${until.toISOString()} (by ${state?.enabledBy ?? "unknown"})`
          : "sealed";
      }
    }
  });
}

main().then(
  (message) => {
    // exit only once the line is out: stdout to a pipe is asynchronous, and a hash cut short is useless
    process.stdout.write(`${message}\n`, () => process.exit(0));
  },
  (error: unknown) => {
    const message = error instanceof DomainError || error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}`);
    process.exit(1);
  },
);
