"use client";

import { useEffect, useEffectEvent, useState } from "react";
import { Input, Label } from "@/components/ui/input";

const COMMIT_DELAY_MS = 400;

export type TextFilterInputProps = {
  id: string;
  label: string;
  /** The committed value (from the URL). */
  value: string;
  onCommit: (value: string) => void;
  error?: string;
  placeholder?: string;
};

/**
 * A text filter that commits after a pause in typing (or at once on Enter), so the URL and the query are not
 * rewritten on every keystroke, and a value changed elsewhere (Clear filters, back button) still shows here.
 */
export function TextFilterInput({ id, label, value, onCommit, error, placeholder }: TextFilterInputProps) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  const [sent, setSent] = useState(value);

  // Our own commit coming back through the URL must not overwrite what was typed since.
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) {
      setDraft(value);
      setSent(value);
    }
  }

  const commit = useEffectEvent((next: string) => {
    setSent(next);
    onCommit(next);
  });

  useEffect(() => {
    const next = draft.trim();
    if (next === sent) return;
    const timer = setTimeout(() => commit(next), COMMIT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, sent]);

  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="text"
        value={draft}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        error={error}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== "Enter") return;
          event.preventDefault();
          const next = draft.trim();
          if (next !== sent) {
            setSent(next);
            onCommit(next);
          }
        }}
      />
    </div>
  );
}
