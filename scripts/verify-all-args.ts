// Parses `npm run verify-all -- --label "pre-upgrade 2026.11" [--operator NAME] [--json]`.

export type VerifyAllArgs = { label: string; operator: string | undefined; json: boolean };

export const VERIFY_ALL_USAGE = `usage:
  npm run verify-all -- --label "pre-upgrade 2026.11" [--operator "Your Name"] [--json]
Re-hashes every evidence blob, re-checks every signature the evidence carries and stores a snapshot.
Exit codes: 0 everything verified, 1 problems found (or the run failed), 2 usage or another run in progress.
With the embedded database, stop the server first: two processes must not open one PGlite directory.`;

export class UsageError extends Error {}

export function parseVerifyAllArgs(argv: readonly string[]): VerifyAllArgs {
  const options = new Map<string, string>();
  let json = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === "--json") {
      json = true;
      continue;
    }
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument "${arg}"`);
    const value = argv[index + 1];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value`);
    options.set(arg.slice(2), value);
    index++;
  }
  for (const key of options.keys()) {
    if (key !== "label" && key !== "operator") throw new UsageError(`unknown option --${key}`);
  }
  const label = options.get("label");
  if (!label?.trim()) throw new UsageError('--label is required, e.g. --label "pre-upgrade 2026.11"');
  return { label, operator: options.get("operator")?.trim() || undefined, json };
}
