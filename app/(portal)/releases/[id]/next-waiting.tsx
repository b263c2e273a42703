"use client";

// "Next waiting": the oldest release (other than this one) with a request this person could approve, one key
// away (n) from anywhere on the page except a text field. The count says how much of the queue is left.
import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type RefObject, useEffect } from "react";
import { trpc } from "@/components/trpc/client";
import { buttonClasses } from "@/components/ui/button";

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function NextWaiting({
  releaseId,
  linkRef,
}: {
  releaseId: string;
  linkRef: RefObject<HTMLAnchorElement | null>;
}) {
  const router = useRouter();
  const queue = trpc.promotions.queue.useQuery(undefined, { refetchInterval: 15_000 });
  const others = (queue.data ?? []).filter((entry) => entry.releaseId !== releaseId);
  const next = others[0];
  const href = next ? `/releases/${next.releaseId}` : null;

  useEffect(() => {
    if (!href) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "n" || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented)
        return;
      if (typingIn(event.target)) return;
      event.preventDefault();
      router.push(href);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [href, router]);

  if (!next || !href) {
    return queue.data ? <p className="text-sm text-fg-muted">Nothing else waits for you.</p> : null;
  }
  return (
    <Link
      ref={linkRef}
      href={href}
      aria-keyshortcuts="n"
      className={buttonClasses("secondary", "sm")}
      title="Shortcut: n"
    >
      Next waiting: {next.product} {next.version} → {next.environment}
      <span className="rounded border border-border px-1 text-xs text-fg-muted">
        {others.length} left · n
      </span>
      <ArrowRight aria-hidden="true" />
    </Link>
  );
}
