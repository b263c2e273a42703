// A small argument parser for the commands: positionals, `--name value` / `--name=value` options (repeatable when
// declared so), boolean flags, and `--` to end options. Anything not declared is a usage error, never ignored.
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type OptionSpec = Record<string, { value: boolean; repeatable?: boolean }>;

export type ParsedArgs = {
  positionals: string[];
  values: ReadonlyMap<string, readonly string[]>;
  flags: ReadonlySet<string>;
};

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "-") {
      if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const option = spec[name];
    if (!option) throw new UsageError(`unknown option --${name}`);
    if (!option.value) {
      if (equals !== -1) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    const value = equals === -1 ? argv[++index] : arg.slice(equals + 1);
    if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
    const list = values.get(name) ?? [];
    if (list.length > 0 && !option.repeatable) throw new UsageError(`--${name} may be given once`);
    list.push(value);
    values.set(name, list);
  }
  return { positionals, values, flags };
}
