"use client";

// A labelled text input wired the way the portal's forms want it: the label points at the input, the field's
// error and hint sit under it, and each edit reports the new value (so a form can also clear that field's error).
import type { ReactNode } from "react";
import { Input, type InputProps, Label } from "@/components/ui/input";

export type TextFieldProps = Omit<InputProps, "value" | "onChange" | "id"> & {
  id: string;
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
};

export function TextField({ id, label, required, value, onValue, ...inputProps }: TextFieldProps) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id} required={required}>
        {label}
      </Label>
      <Input
        {...inputProps}
        id={id}
        required={required}
        value={value}
        onChange={(event) => onValue(event.target.value)}
      />
    </div>
  );
}
