import { TRPCClientError } from "@trpc/client";

export type ClientErrorInfo = {
  message: string;
  requestId: string | null;
  reauthRequired: boolean;
  fieldErrors: Record<string, string[]> | null;
};

/** What to show for a failed call: the server's message (already safe), the request id, and what to do next. */
export function describeClientError(error: unknown): ClientErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = error.data as
      | {
          requestId?: string | null;
          details?: { reauthRequired?: boolean } | null;
          fieldErrors?: Record<string, string[]> | null;
        }
      | undefined;
    return {
      message: error.message,
      requestId: data?.requestId ?? null,
      reauthRequired: data?.details?.reauthRequired === true,
      fieldErrors: data?.fieldErrors ?? null,
    };
  }
  return {
    message: "Something went wrong. Please try again.",
    requestId: null,
    reauthRequired: false,
    fieldErrors: null,
  };
}
