// Checks a policy pack before it is stored or used: the schema, unique gate ids per environment, and every CEL
// expression compiles. Each problem names the environment, the gate and where in it.
import { compileExpression } from "./cel-expression";
import {
  type DocumentProblem,
  jsonPath,
  type ParseResult,
  parsed,
  problemsFromZod,
  readJson,
} from "./parse-result";
import { type PolicyPack, ZPolicyPack } from "./policy-pack";

function rawGateId(document: unknown, environment: PropertyKey, index: PropertyKey): string | null {
  if (typeof document !== "object" || document === null) return null;
  const environments = (document as { environments?: unknown }).environments;
  const gates =
    typeof environments === "object" && environments
      ? (environments as Record<PropertyKey, unknown>)[environment]
      : null;
  const gate = Array.isArray(gates) && typeof index === "number" ? (gates[index] as unknown) : null;
  const id = typeof gate === "object" && gate !== null ? (gate as { id?: unknown }).id : null;
  return typeof id === "string" ? id : null;
}

export function validatePack(input: unknown): ParseResult<PolicyPack> {
  const json = readJson(input);
  if (!json.ok) return json;
  const result = ZPolicyPack.safeParse(json.value);
  if (!result.success) {
    const problems = problemsFromZod(result.error).map((problem, i) => {
      const [first, environment, index] = result.error.issues[i]?.path ?? [];
      const id = first === "environments" ? rawGateId(json.value, environment ?? "", index ?? "") : null;
      return id ? { ...problem, message: `gate "${id}": ${problem.message}` } : problem;
    });
    return { ok: false, problems };
  }
  const problems: DocumentProblem[] = [];
  for (const [environment, gates] of Object.entries(result.data.environments)) {
    const seen = new Set<string>();
    for (const [index, gate] of (gates ?? []).entries()) {
      const at = (...rest: PropertyKey[]) => jsonPath(["environments", environment, index, ...rest]);
      if (seen.has(gate.id))
        problems.push({ path: at("id"), message: `gate id "${gate.id}" is used twice in ${environment}` });
      seen.add(gate.id);
      if (gate.kind === "custom") {
        const compiled = compileExpression(gate.expression);
        if (!compiled.ok)
          problems.push({ path: at("expression"), message: `gate "${gate.id}": ${compiled.error.message}` });
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : parsed(result.data);
}
