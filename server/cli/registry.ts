// The commands of portal-verify, in the order --help lists them. A new command is a file in commands/ exporting
// `command: CliCommand` (command.ts), added here.
import type { CliCommand } from "./command";
import { command as bundle } from "./commands/bundle";
import { command as dsse } from "./commands/dsse";

export const COMMANDS: readonly CliCommand[] = [bundle, dsse];
