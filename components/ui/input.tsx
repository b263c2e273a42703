import { type ComponentProps, useId } from "react";
import { cn } from "@/components/ui/cn";

const control =
  "block w-full rounded-md border border-border-strong bg-surface px-3 text-sm text-fg shadow-sm " +
  "placeholder:text-fg-subtle disabled:cursor-not-allowed disabled:bg-surface-muted disabled:text-fg-subtle " +
  "aria-invalid:border-bad-solid";

type FieldExtras = {
  /** Shown under the control and linked with aria-describedby; also sets aria-invalid. */
  error?: string;
  hint?: string;
};

export function Label({
  className,
  required,
  children,
  ...props
}: ComponentProps<"label"> & { required?: boolean }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the caller passes htmlFor through props.
    <label className={cn("block text-sm font-medium text-fg", className)} {...props}>
      {children}
      {/* The control carries `required` itself; the star is only a visual cue. */}
      {required ? (
        <span className="ml-0.5 text-bad-fg" aria-hidden="true">
          *
        </span>
      ) : null}
    </label>
  );
}

export type InputProps = ComponentProps<"input"> & FieldExtras;

export function Input({ id, error, hint, className, ...props }: InputProps) {
  const field = useField(id, error, hint, props["aria-describedby"]);
  return (
    <div className="flex flex-col gap-1">
      <input
        {...props}
        id={field.id}
        aria-invalid={field.invalid || props["aria-invalid"]}
        aria-describedby={field.describedBy}
        className={cn(control, "h-9", className)}
      />
      {field.messages}
    </div>
  );
}

export type SelectProps = ComponentProps<"select"> & FieldExtras;

export function Select({ id, error, hint, className, children, ...props }: SelectProps) {
  const field = useField(id, error, hint, props["aria-describedby"]);
  return (
    <div className="flex flex-col gap-1">
      <select
        {...props}
        id={field.id}
        aria-invalid={field.invalid || props["aria-invalid"]}
        aria-describedby={field.describedBy}
        className={cn(control, "h-9 pr-8", className)}
      >
        {children}
      </select>
      {field.messages}
    </div>
  );
}

function useField(
  id: string | undefined,
  error: string | undefined,
  hint: string | undefined,
  describedBy: string | undefined,
) {
  const generatedId = useId();
  const fieldId = id ?? generatedId;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  const ids = [describedBy, hintId, errorId].filter(Boolean).join(" ");
  return {
    id: fieldId,
    invalid: error ? true : undefined,
    describedBy: ids === "" ? undefined : ids,
    messages: (
      <>
        {hint ? (
          <p id={hintId} className="text-xs text-fg-muted">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="text-xs font-medium text-bad-fg">
            {error}
          </p>
        ) : null}
      </>
    ),
  };
}
