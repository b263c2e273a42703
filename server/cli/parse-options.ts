// Argument parsing shared by the commands: node:util's strict parser, with its errors turned into usage errors.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./command";

export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

export function onePositional(positionals: string[], what: string, usage: string): string {
  const [first, ...rest] = positionals;
  if (!first) throw new UsageError(`give the ${what}\n\n${usage}`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"\n\n${usage}`);
  return first;
}
