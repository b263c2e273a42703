import { describe, expect, it } from "vitest";
import { SessionPool } from "./session-pool";

function fakeToken() {
  let next = 1;
  const open = new Set<number>();
  const active = new Set<number>();
  let peak = 0;
  return {
    open,
    get peak() {
      return peak;
    },
    pool: (max: number) =>
      new SessionPool<number>({
        open: () => {
          const session = next++;
          open.add(session);
          return session;
        },
        close: (session) => open.delete(session),
        max,
        isBroken: (error) => error instanceof Error && error.message === "CKR_SESSION_HANDLE_INVALID",
      }),
    /** work that fails if its session is already busy, as a token does (CKR_OPERATION_ACTIVE) */
    async exclusive(session: number, ms = 2) {
      if (active.has(session)) throw new Error("CKR_OPERATION_ACTIVE");
      active.add(session);
      peak = Math.max(peak, active.size);
      await new Promise((resolve) => setTimeout(resolve, ms));
      active.delete(session);
      return session;
    },
  };
}

describe("SessionPool", () => {
  it("never lends a session to two pieces of work at once, and opens at most max sessions", async () => {
    const token = fakeToken();
    const pool = token.pool(3);
    const used = await Promise.all(Array.from({ length: 50 }, () => pool.use((s) => token.exclusive(s))));
    expect(new Set(used).size).toBe(3);
    expect(token.open.size).toBe(3);
    expect(token.peak).toBe(3);
    expect(pool.size).toBe(3);
  });

  it("reuses an idle session instead of opening another", async () => {
    const token = fakeToken();
    const pool = token.pool(4);
    await pool.use((s) => token.exclusive(s));
    await pool.use((s) => token.exclusive(s));
    expect(pool.size).toBe(1);
  });

  it("drops a session the token reports as gone and serves queued work on a fresh one", async () => {
    const token = fakeToken();
    const pool = token.pool(1);
    const failing = pool.use(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      throw new Error("CKR_SESSION_HANDLE_INVALID");
    });
    const queued = pool.use((s) => token.exclusive(s));
    await expect(failing).rejects.toThrow(/HANDLE_INVALID/);
    expect(await queued).toBe(2);
    expect([...token.open]).toEqual([2]);
  });

  it("keeps a session after an ordinary error", async () => {
    const token = fakeToken();
    const pool = token.pool(1);
    await expect(
      pool.use(() => {
        throw new Error("CKR_DATA_INVALID");
      }),
    ).rejects.toThrow();
    expect(await pool.use((s) => s)).toBe(1);
  });

  it("rejects queued work when a new session cannot be opened", async () => {
    let opened = 0;
    const pool = new SessionPool<number>({
      open: () => {
        opened += 1;
        if (opened > 1) throw new Error("CKR_SESSION_COUNT");
        return opened;
      },
      close: () => {},
      max: 1,
      isBroken: () => true,
    });
    const failing = pool.use(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      throw new Error("gone");
    });
    const queued = pool.use((s) => s);
    await expect(failing).rejects.toThrow("gone");
    await expect(queued).rejects.toThrow("CKR_SESSION_COUNT");
    expect(pool.size).toBe(0);
  });

  it("close() closes idle sessions, refuses new work and rejects what is queued", async () => {
    const token = fakeToken();
    const pool = token.pool(1);
    const running = pool.use((s) => token.exclusive(s, 5));
    const queued = pool.use((s) => token.exclusive(s));
    pool.close();
    await expect(queued).rejects.toThrow(/closed/);
    await running;
    expect(token.open.size).toBe(0);
    await expect(pool.use((s) => s)).rejects.toThrow(/closed/);
  });
});
