// The shape of one offline CLI command. PART A of the evidence work (the CLI skeleton, server/cli/) defines the
// same shape; this local copy lets the checkpoint commands run and be tested until that skeleton is merged.
export type CliCommand = {
  name: string;
  summary: string;
  usage: string;
  /** 0 verified, 1 verification failed, 2 usage error or unreadable input */
  run: (args: string[]) => Promise<number>;
};

export const EXIT_VERIFIED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Bad arguments or input the command cannot read: exit 2 with this message, never a stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
