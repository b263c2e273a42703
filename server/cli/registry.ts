// The commands of portal-verify, in the order --help lists them. A new command is a file in commands/ exporting
// `command: CliCommand` (command.ts), added here.
import type { CliCommand } from "./command";
import { command as bundle } from "./commands/bundle";
import { checkpointCommand } from "./commands/checkpoint";
import { consistencyCommand } from "./commands/consistency";
import { continuityCommand } from "./commands/continuity";
import { command as dsse } from "./commands/dsse";
import { inclusionCommand } from "./commands/inclusion";

export const COMMANDS: readonly CliCommand[] = [
  bundle,
  dsse,
  checkpointCommand,
  inclusionCommand,
  consistencyCommand,
  continuityCommand,
];
