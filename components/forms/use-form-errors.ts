"use client";

// formErrorsOf for forms that keep their values while the user corrects them, plus: a field's error goes away as soon as that field is edited (it
// describes a value that is no longer there), the others stay until the form is submitted again.
import { useState } from "react";
import { type FormErrors, formErrorsOf } from "@/components/forms/form-errors";

export function useFormErrors(error: unknown): FormErrors & { clear: (field: string) => void } {
  // keyed by the error object: a new submission brings a new error (or none), which forgets what was cleared
  const [cleared, setCleared] = useState<{ error: unknown; fields: ReadonlySet<string> }>({
    error: null,
    fields: new Set(),
  });
  const errors = formErrorsOf(error);
  const gone = cleared.error === error ? cleared.fields : new Set<string>();
  const fields = Object.fromEntries(Object.entries(errors.fields).filter(([field]) => !gone.has(field)));
  const clear = (field: string) => {
    if (!(field in errors.fields) || gone.has(field)) return;
    setCleared({ error, fields: new Set([...gone, field]) });
  };
  return { alert: errors.alert, fields, clear };
}
