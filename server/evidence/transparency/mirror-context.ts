// What every mirror service is given: who acts, the request, the clock, and where divergence alarms are announced.
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { Clock } from "../../lib/clock";
import type { MirrorWebhookSender } from "./webhook";

export type MirrorContext = {
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
  webhook: MirrorWebhookSender | null;
};
