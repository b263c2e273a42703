// The origin line (and key name) of the portal's audit checkpoints, from the configuration.
import { env } from "../../env";

export function checkpointOrigin(): string {
  return env.AUDIT_CHECKPOINT_ORIGIN;
}
