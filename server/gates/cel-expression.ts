// Custom gates in CEL (the Kubernetes choice), through @marcbachmann/cel-js: compile = parse + type check against
// the declared input variables, so a typo or an unknown name is an error with its line and column, before any
// release is evaluated. Evaluation is pure: no clock, no I/O, only the input document.
import { Environment } from "@marcbachmann/cel-js";
import { CEL_TYPES, CEL_VARIABLES, type CelInput } from "./cel-input";

export type CelCompileError = { message: string; line: number; column: number; offset: number };

type Program = (context: Record<string, unknown>) => unknown;

export type CompiledExpression = { ok: true; program: Program } | { ok: false; error: CelCompileError };

const withTypes = Object.entries(CEL_TYPES).reduce(
  (env, [name, fields]) => env.registerType(name, { fields }),
  new Environment(),
);
const environment = Object.entries(CEL_VARIABLES).reduce(
  (env, [name, type]) => env.registerVariable(name, type),
  withTypes,
);

function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function compileError(source: string, error: unknown): CelCompileError {
  const summary =
    typeof error === "object" && error !== null && "summary" in error && typeof error.summary === "string"
      ? error.summary
      : error instanceof Error
        ? error.message
        : String(error);
  const range = typeof error === "object" && error !== null && "range" in error ? error.range : undefined;
  const offset =
    typeof range === "object" && range !== null && "start" in range && typeof range.start === "number"
      ? range.start
      : 0;
  const { line, column } = positionOf(source, offset);
  return { message: `${summary} (line ${line}, column ${column})`, line, column, offset };
}

export function compileExpression(source: string): CompiledExpression {
  try {
    const parsed = environment.parse(source);
    const checked = parsed.check();
    if (!checked.valid) return { ok: false, error: compileError(source, checked.error) };
    if (checked.type !== "bool" && checked.type !== "dyn") {
      return {
        ok: false,
        error: { message: `must be true or false, not ${checked.type}`, line: 1, column: 1, offset: 0 },
      };
    }
    return { ok: true, program: parsed as unknown as Program };
  } catch (error) {
    return { ok: false, error: compileError(source, error) };
  }
}

export type CelOutcome = { ok: true; value: boolean } | { ok: false; message: string };

/** Runs a compiled expression; anything but a boolean true/false (a missing key, a type clash) is an error. */
export function runExpression(program: Program, input: CelInput): CelOutcome {
  try {
    const value = program(input as unknown as Record<string, unknown>);
    if (typeof value !== "boolean")
      return { ok: false, message: "the expression did not give true or false" };
    return { ok: true, value };
  } catch (error) {
    const summary =
      typeof error === "object" && error !== null && "summary" in error && typeof error.summary === "string"
        ? error.summary
        : error instanceof Error
          ? error.message
          : String(error);
    return { ok: false, message: summary };
  }
}
