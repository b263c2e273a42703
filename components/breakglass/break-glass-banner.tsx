"use client";

import { Siren } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Countdown } from "@/components/status/countdown";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { Button } from "@/components/ui/button";
import type { SessionView } from "@/server/breakglass/schemas";

/**
 * Across the top of every portal page while the user holds break-glass grants: what is elevated, for how long,
 * and the way out. The server decides grants on every request; this only shows them, and refreshes the page
 * when the countdown reaches zero so menus and pages drop what is no longer allowed.
 */
export function BreakGlassBanner({ initial }: { initial: SessionView | null }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const mine = trpc.breakGlass.mine.useQuery(undefined, { initialData: initial, refetchInterval: 15_000 });
  const close = trpc.breakGlass.close.useMutation({
    onSuccess: async () => {
      await utils.breakGlass.invalidate();
      router.refresh();
    },
  });
  const session = mine.data;
  if (session?.status !== "ACTIVE" || !session.expiresAt) {
    return session?.status === "PENDING" ? (
      <div role="status" className="border-b border-warn-line bg-warn-soft px-6 py-2 text-sm text-warn-fg">
        Your break-glass request ({session.scopes.join(", ")}) is waiting for a second person.{" "}
        <Link href={`/break-glass/${session.id}`} className="font-medium underline underline-offset-2">
          See the request
        </Link>
      </div>
    ) : null;
  }
  return (
    <section
      aria-label="Break-glass session active"
      className="flex flex-wrap items-center gap-x-5 gap-y-2 border-b-2 border-bad-solid bg-bad-soft px-6 py-2.5 text-sm text-bad-fg"
    >
      <span className="flex items-center gap-2 font-semibold">
        <Siren className="size-5" aria-hidden="true" />
        Break-glass active
      </span>
      <Countdown
        expiresAt={session.expiresAt.toISOString()}
        label="Break-glass ends in"
        onExpire={() => {
          void utils.breakGlass.invalidate();
          router.refresh();
        }}
      />
      <span>
        Elevated:{" "}
        <span className="font-mono text-xs" data-testid="break-glass-scopes">
          {session.scopes.join(", ")}
        </span>
      </span>
      <span className="ml-auto flex items-center gap-2">
        {close.error ? <span role="alert">{describeClientError(close.error).message}</span> : null}
        <Link href={`/break-glass/${session.id}`} className="font-medium underline underline-offset-2">
          Session report
        </Link>
        <Button
          variant="danger"
          size="sm"
          aria-disabled={close.isPending}
          onClick={() => {
            if (!close.isPending) close.mutate({ sessionId: session.id, note: "Closed from the banner" });
          }}
        >
          {close.isPending ? "Closing…" : "Close now"}
        </Button>
      </span>
    </section>
  );
}
