// A minimal entry for the checkpoint commands until the evidence CLI skeleton (PART A) is merged:
//   npx tsx server/cli/main.ts <command> [arguments]
// Exit codes: 0 verified, 1 verification failed, 2 usage error or unreadable input. Never a stack trace.
import { type CliCommand, EXIT_USAGE, UsageError } from "./command";
import { checkpointCommand } from "./commands/checkpoint";
import { consistencyCommand } from "./commands/consistency";
import { continuityCommand } from "./commands/continuity";
import { inclusionCommand } from "./commands/inclusion";

const commands: readonly CliCommand[] = [
  checkpointCommand,
  inclusionCommand,
  consistencyCommand,
  continuityCommand,
];

function help(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "Offline verifier (no server, no network). Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Run a command with --help for its arguments.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`${name && name !== "--help" ? `unknown command "${name}"\n\n` : ""}${help()}\n`);
    return EXIT_USAGE;
  }
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${command.name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // a bug, not bad input: say so in one line, without a stack trace
    process.stderr.write(`${command.name}: internal error: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT_USAGE;
  },
);
