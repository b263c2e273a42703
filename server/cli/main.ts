// portal-verify: the portal's offline verifier. It runs with no server, no database and no network: everything it
// imports is pure (no server-only, Prisma or env.ts; a test walks the import graph). bin/portal-verify.mjs starts it.
import { APP_VERSION } from "../lib/app-version";
import { UsageError } from "./args";
import { type CliIo, EXIT, type ExitCode } from "./command";
import { COMMANDS } from "./registry";

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `portal-verify ${APP_VERSION}: verify what the release governance portal exported, offline`,
    "",
    "usage: portal-verify <command> [arguments]   (portal-verify <command> --help for details)",
    "",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Exit codes: 0 verified, 1 verification failed, 2 usage error or unreadable input.",
    "",
  ].join("\n");
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(overview());
    return name === undefined ? EXIT.unusable : EXIT.verified;
  }
  if (name === "--version") {
    io.stdout(`${APP_VERSION}\n`);
    return EXIT.verified;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`portal-verify: unknown command "${name}"\n\n${overview()}`);
    return EXIT.unusable;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(`usage: ${command.usage}\n\n${command.help}\n`);
    return EXIT.verified;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    // a bad file must never end in a stack trace: usage problems say so, anything else is reported in one line
    if (error instanceof UsageError) {
      io.stderr(`portal-verify ${command.name}: ${error.message}\nusage: ${command.usage}\n`);
    } else {
      io.stderr(
        `portal-verify ${command.name}: could not verify (${error instanceof Error ? error.message : String(error)})\n`,
      );
    }
    return EXIT.unusable;
  }
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};
