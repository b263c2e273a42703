// Per-client-address limit on failed sign-ins, kept in the database so that every server instance counts into
// the same fixed one-minute window. An attempt reserves a slot atomically before any password is checked (so a
// burst of parallel requests cannot all slip under the limit); a correct password gives its slot back, so only
// failures count and many colleagues behind one office NAT can still sign in at 9 o'clock.
import type { PortalTx } from "../db/connection";

const WINDOW_MS = 60_000;
const STALE_AFTER_WINDOWS = 5;

export function throttleWindowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
}

export function throttleKeyForIp(ip: string | null): string {
  return `ip:${ip ?? "unknown"}`;
}

export type ThrottleReservation = { allowed: boolean; attempts: number };

export async function reserveLoginAttempt(
  tx: PortalTx,
  input: { key: string; now: Date; limit: number },
): Promise<ThrottleReservation> {
  const windowStart = throttleWindowStart(input.now);
  // One statement, so concurrent attempts from any instance serialise on the row. The window never moves
  // backwards: an instance whose clock lags cannot reset a newer window.
  const rows = await tx.$queryRaw<{ attempts: number }[]>`
    INSERT INTO login_throttle (key, window_start, attempts)
    VALUES (${input.key}, ${windowStart}, 1)
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN EXCLUDED.window_start > login_throttle.window_start THEN 1
                      ELSE login_throttle.attempts + 1 END,
      window_start = GREATEST(login_throttle.window_start, EXCLUDED.window_start)
    RETURNING attempts`;
  const attempts = Number(rows[0]?.attempts ?? Number.POSITIVE_INFINITY);
  // The first attempt of a window for this address also clears windows long gone for every address, so the
  // table holds about one row per address seen in the last few minutes instead of one per address ever seen.
  if (attempts === 1) {
    const staleBefore = new Date(windowStart.getTime() - STALE_AFTER_WINDOWS * WINDOW_MS);
    await tx.$executeRaw`DELETE FROM login_throttle WHERE window_start < ${staleBefore}`;
  }
  return { allowed: attempts <= input.limit, attempts };
}

/** Gives back the slot of an attempt whose password was right (only within the window it was taken from). */
export async function refundLoginAttempt(tx: PortalTx, input: { key: string; now: Date }): Promise<void> {
  const windowStart = throttleWindowStart(input.now);
  await tx.$executeRaw`
    UPDATE login_throttle SET attempts = attempts - 1
    WHERE key = ${input.key} AND window_start = ${windowStart} AND attempts > 0`;
}
