"use client";
import { buttonClasses } from "@/components/ui/button";

// Next replaces server error messages with a digest in production; the digest is the id to look up in the logs.
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 px-6 text-center">
      <h1 className="text-2xl font-semibold text-fg">Something went wrong on our side</h1>
      <p className="max-w-md text-sm text-fg-muted">
        The details are in the server log{error.digest ? " under the reference below" : ""}. Nothing was
        changed.
      </p>
      {error.digest ? (
        <code className="rounded bg-surface-muted px-2 py-1 text-xs">ref {error.digest}</code>
      ) : null}
      <button type="button" onClick={reset} className={buttonClasses("secondary")}>
        Try again
      </button>
    </main>
  );
}
