// The shape every portal-verify command has. A command is a file in server/cli/commands/ exporting
// `command: CliCommand`, listed in registry.ts. It parses its own arguments (args.ts), prints to `io`, and answers
// with an exit code; it never throws for bad input (main.ts turns anything thrown into exit 2 without a stack).
//
// Exit codes, for every command:
//   0  verified
//   1  verification failed: the input was read, and it does not verify (the report says why and names files)
//   2  usage error, or the input could not be read (missing file, not an archive, not JSON, truncated)
export const EXIT = { verified: 0, failed: 1, unusable: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** relative paths in arguments are read from here */
  cwd: string;
};

export type CliCommand = {
  /** the word after portal-verify, e.g. "bundle" */
  name: string;
  /** one line for `portal-verify --help` */
  summary: string;
  /** the synopsis, e.g. "portal-verify bundle <file.tar.gz|dir> [--key <pem>]... [--json]" */
  usage: string;
  /** what the options mean and what is checked, for `portal-verify <name> --help` */
  help: string;
  run: (args: readonly string[], io: CliIo) => Promise<ExitCode>;
};
