// Demo data: one active software key per purpose, created once (a purpose that has ever had a key is left alone,
// so a key revoked in the demo is not silently replaced at the next start). Needs the software backend's
// key-encryption key, which `npm start` generates for the demo.
import { SYSTEM_ACTOR } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import { type Clock, systemClock } from "../../lib/clock";
import { logger } from "../../lib/logger";
import { softwareBackend } from "../backends";
import { SIGNING_KEY_PURPOSES } from "../vocabulary";
import { createSigningKey } from "./create-signing-key";

export async function seedDemoSigningKeys(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
): Promise<{ created: number }> {
  const withKeys = new Set(
    (await prisma.signingKey.groupBy({ by: ["purpose"] })).map((group) => group.purpose),
  );
  const missing = SIGNING_KEY_PURPOSES.filter((purpose) => !withKeys.has(purpose));
  if (missing.length === 0) return { created: 0 };
  if (!softwareBackend().kekId) {
    logger.warn("demo signing keys not created: no key-encryption key (SIGNING_KEK or SIGNING_KEK_FILE)");
    return { created: 0 };
  }
  for (const purpose of missing) {
    await prisma.$transaction((tx) =>
      createSigningKey(tx, {
        purpose,
        backend: "software",
        label: `${purpose}-demo`,
        actor: SYSTEM_ACTOR,
        clock,
      }),
    );
  }
  return { created: missing.length };
}
