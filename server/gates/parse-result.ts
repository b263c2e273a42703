// Every document parser answers with a value or with the problems found, each naming where it is as a JSON path
// (`vulnerabilities[3].ratings[0].score: must be a number`), so a release manager can fix the file. Never throws.
import type { z } from "zod";

export type DocumentProblem = { path: string; message: string };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: DocumentProblem[] };

export function parsed<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function refused<T>(path: string, message: string): ParseResult<T> {
  return { ok: false, problems: [{ path, message }] };
}

/** `["vulnerabilities", 3, "ratings", 0, "score"]` -> `vulnerabilities[3].ratings[0].score`; the root is `$`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$@][\w$@-]*$/.test(segment))
      path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path || "$";
}

export function describeProblem(problem: DocumentProblem): string {
  return `${problem.path}: ${problem.message}`;
}

/** One line for a reason: the first problems, and how many more there were. */
export function describeProblems(problems: readonly DocumentProblem[], shown = 3): string {
  const head = problems.slice(0, shown).map(describeProblem).join("; ");
  return problems.length > shown ? `${head}; and ${problems.length - shown} more` : head;
}

const articles: Record<string, string> = { array: "an array", object: "an object", integer: "an integer" };

function expectedWords(expected: string): string {
  return articles[expected] ?? `a ${expected}`;
}

/** Zod issues in plain words with their path, so parsers can lean on zod for shape checks. */
export function problemsFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): DocumentProblem[] {
  return error.issues.map((issue) => {
    const path = jsonPath([...prefix, ...issue.path]);
    switch (issue.code) {
      case "invalid_type":
        return { path, message: `must be ${expectedWords(String(issue.expected))}` };
      case "invalid_value":
        return { path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
      case "too_small":
        return { path, message: issue.origin === "array" ? "must not be empty" : issue.message };
      default:
        return { path, message: issue.message };
    }
  });
}

/** Accepts a parsed JSON value or its text; text that is not JSON is refused at `$`. */
export function readJson(input: unknown): ParseResult<unknown> {
  if (typeof input !== "string") return parsed(input);
  try {
    return parsed(JSON.parse(input) as unknown);
  } catch (error) {
    return refused("$", `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
