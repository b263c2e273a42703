"use client";

// Removing a part of a program takes two clicks: the first asks, the second removes. Nothing modal; "Keep" backs
// out.
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function RemoveButton({
  what,
  onRemove,
  pending,
  label = "Remove",
}: {
  /** what goes, as the question names it: "requirement “DSSE caching”" */
  what: string;
  onRemove: () => void;
  pending: boolean;
  label?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button size="sm" variant="ghost" aria-label={`${label} ${what}`} onClick={() => setAsking(true)}>
        <Trash2 aria-hidden="true" />
        {label}
      </Button>
    );
  }
  return (
    <fieldset
      aria-label={`Confirm: ${label.toLowerCase()} ${what}`}
      className="m-0 flex min-w-0 flex-wrap items-center gap-2 border-0 p-0 text-sm"
    >
      <span className="text-fg">
        {label} {what}?
      </span>
      <Button size="sm" variant="danger" disabled={pending} onClick={onRemove} autoFocus>
        {pending ? "Removing…" : `Yes, ${label.toLowerCase()}`}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setAsking(false)}>
        Keep
      </Button>
    </fieldset>
  );
}
