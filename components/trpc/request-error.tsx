import { CircleAlert } from "lucide-react";
import Link from "next/link";
import type { ClientErrorInfo } from "@/components/trpc/error-message";
import { cn } from "@/components/ui/cn";

export type RequestErrorProps = {
  error: ClientErrorInfo;
  /** Where to come back to after confirming identity, when the server asks for a fresh sign-in. */
  returnTo: string;
  className?: string;
};

/** A failed call as the user needs it: the server's message, what to do next, and the id to quote to support. */
export function RequestError({ error, returnTo, className }: RequestErrorProps) {
  return (
    <div
      role="alert"
      className={cn(
        "flex items-start gap-3 rounded-lg border border-bad-line bg-bad-soft px-4 py-3 text-sm text-bad-fg",
        className,
      )}
    >
      <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div className="flex min-w-0 flex-col gap-1">
        <p className="font-medium">{error.message}</p>
        {error.reauthRequired ? (
          <p>
            <Link
              href={`/reauth?${new URLSearchParams({ callbackUrl: returnTo })}`}
              className="font-medium underline underline-offset-2"
            >
              Confirm it's you
            </Link>{" "}
            and try again.
          </p>
        ) : null}
        {error.requestId ? (
          <p className="text-xs">
            Request id: <span className="font-mono select-all">{error.requestId}</span>
          </p>
        ) : null}
      </div>
    </div>
  );
}
