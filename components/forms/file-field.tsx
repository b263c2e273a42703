"use client";

// A labelled file chooser: the label points at the input, the field's error sits under it, and choosing (or
// clearing) a file reports it. The forms that upload one file (a signed pack, an OpenVEX document) read it from here.
import type { ReactNode } from "react";
import { Label } from "@/components/ui/input";

export function FileField({
  id,
  label,
  required,
  accept,
  error,
  onFile,
}: {
  id: string;
  label: ReactNode;
  required?: boolean;
  accept?: string;
  error?: string;
  onFile: (file: File | null) => void;
}) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id} required={required}>
        {label}
      </Label>
      <input
        id={id}
        type="file"
        accept={accept}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onFile(event.target.files?.[0] ?? null)}
        className="text-sm"
      />
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-bad-fg">
          {error}
        </p>
      ) : null}
    </div>
  );
}
