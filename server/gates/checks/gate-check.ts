// What one gate's check answers, before its mode (enforce/warn) is applied.
export type GateCheck = { outcome: "pass" | "fail" | "warn"; reasons: string[] };

export const pass = (...reasons: string[]): GateCheck => ({ outcome: "pass", reasons });
export const fail = (...reasons: string[]): GateCheck => ({ outcome: "fail", reasons });
export const warn = (...reasons: string[]): GateCheck => ({ outcome: "warn", reasons });

/** "a, b, c and 4 more": lists in reasons stay one readable line. */
export function listed(items: readonly string[], shown = 10): string {
  const head = items.slice(0, shown).join(", ");
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
