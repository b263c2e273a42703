import { type ClassValue, clsx } from "clsx";

// clsx only joins: it does not resolve conflicting Tailwind classes, so a caller's
// className is appended after the component's own and should add, not override.
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
