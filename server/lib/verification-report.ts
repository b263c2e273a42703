// The shape every offline verification answers with: a verdict, the checks made in order (each with what it found),
// and the facts worth printing. The CLI prints it as text or JSON; the UI shows the same steps.

export type VerificationStep = { check: string; ok: boolean; detail: string };

export type VerificationReport = {
  ok: boolean;
  /** what was verified, e.g. "audit inclusion proof" */
  subject: string;
  /** one line: why it verified, or the first reason it did not */
  verdict: string;
  steps: VerificationStep[];
  facts: Record<string, string | number | null>;
};

/** Collects steps; the verdict is the first failure, or the summary given when all passed. */
export class ReportBuilder {
  private readonly steps: VerificationStep[] = [];
  readonly facts: Record<string, string | number | null> = {};

  constructor(private readonly subject: string) {}

  step(check: string, ok: boolean, detail: string): boolean {
    this.steps.push({ check, ok, detail });
    return ok;
  }

  get failed(): boolean {
    return this.steps.some((step) => !step.ok);
  }

  finish(summary: string): VerificationReport {
    const failure = this.steps.find((step) => !step.ok);
    return {
      ok: !failure && this.steps.length > 0,
      subject: this.subject,
      verdict: failure ? `${failure.check}: ${failure.detail}` : summary,
      steps: [...this.steps],
      facts: { ...this.facts },
    };
  }
}

export function formatReport(report: VerificationReport): string {
  const width = Math.max(...report.steps.map((step) => step.check.length), 5);
  const lines = [
    `${report.subject}: ${report.ok ? "VERIFIED" : "FAILED"}`,
    `  ${report.verdict}`,
    "",
    ...report.steps.map(
      (step) => `  ${step.ok ? "ok  " : "FAIL"}  ${step.check.padEnd(width)}  ${step.detail}`,
    ),
  ];
  const facts = Object.entries(report.facts).filter(([, value]) => value !== null);
  if (facts.length > 0) {
    const factWidth = Math.max(...facts.map(([name]) => name.length));
    lines.push("", ...facts.map(([name, value]) => `  ${name.padEnd(factWidth)}  ${value}`));
  }
  return `${lines.join("\n")}\n`;
}
