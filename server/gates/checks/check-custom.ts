// Custom gate: a CEL expression over the input document (cel-input.ts) must be true. An expression that does not
// compile or fails while running blocks (fail closed): a broken rule must not let a release through.
import type { z } from "zod";
import { compileExpression, runExpression } from "../cel-expression";
import type { CelInput } from "../cel-input";
import type { ZCustomGate } from "../policy-pack";
import { fail, type GateCheck, pass } from "./gate-check";

export function checkCustom(gate: z.infer<typeof ZCustomGate>, document: CelInput): GateCheck {
  const compiled = compileExpression(gate.expression);
  if (!compiled.ok) return fail(`the expression does not compile: ${compiled.error.message}`);
  const outcome = runExpression(compiled.program, document);
  if (!outcome.ok) return fail(`the expression could not be evaluated: ${outcome.message}`);
  return outcome.value ? pass(`met: ${gate.requirement}`) : fail(`not met: ${gate.requirement}`);
}
