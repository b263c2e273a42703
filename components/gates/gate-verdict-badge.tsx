import { CircleCheck, CircleMinus, CircleX, TriangleAlert } from "lucide-react";
import { Badge, type BadgeTone } from "@/components/ui/badge";

// A gate evaluation's verdict in words and colour (never colour alone): pass, warn, fail, or none (no pack in force).
const looks: Record<string, { tone: BadgeTone; label: string; Icon: typeof CircleCheck }> = {
  pass: { tone: "ok", label: "Pass", Icon: CircleCheck },
  warn: { tone: "warn", label: "Warn", Icon: TriangleAlert },
  fail: { tone: "bad", label: "Fail", Icon: CircleX },
  none: { tone: "neutral", label: "No gates", Icon: CircleMinus },
};

export function GateVerdictBadge({ verdict, className }: { verdict: string; className?: string }) {
  const look = looks[verdict] ?? looks.none;
  if (!look) return null;
  const { Icon } = look;
  return (
    <Badge tone={look.tone} className={className}>
      <Icon aria-hidden="true" />
      {look.label}
    </Badge>
  );
}

/** Words for an evaluation's trigger: why it ran. */
export const TRIGGER_LABELS: Record<string, string> = {
  REGISTRATION: "at registration",
  REQUEST: "when promotion was requested",
  PROMOTION: "at the promotion step",
  MANUAL: "on request (Evaluate now)",
  EXCEPTION: "after a VEX exception was recorded",
};
