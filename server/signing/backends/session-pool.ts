// A small pool of PKCS#11 sessions. A session carries at most one cryptographic operation at a time (C_SignInit
// then C_Sign, or a C_FindObjects* sequence), so two concurrent signs on one session would corrupt each other;
// the pool lends each piece of work a session of its own, opens new ones up to `max`, and queues the rest.
// A session the token reports as gone (closed, device removed) is dropped instead of being lent again.

export type SessionPoolOptions<S> = {
  open: () => S;
  close: (session: S) => void;
  max: number;
  /** true when an error means the session itself is unusable */
  isBroken: (error: unknown) => boolean;
};

export class SessionPool<S> {
  private readonly idle: S[] = [];
  private readonly waiting: { resolve: (session: S) => void; reject: (error: unknown) => void }[] = [];
  private opened = 0;
  private closed = false;

  constructor(private readonly options: SessionPoolOptions<S>) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new Error("session pool needs max >= 1");
  }

  /** How many sessions are open (lent or idle). */
  get size(): number {
    return this.opened;
  }

  async use<T>(work: (session: S) => Promise<T> | T): Promise<T> {
    const session = await this.acquire();
    let broken = false;
    try {
      return await work(session);
    } catch (error) {
      broken = this.options.isBroken(error);
      throw error;
    } finally {
      if (broken) this.discard(session);
      else this.release(session);
    }
  }

  /** Closes idle sessions and refuses further work; sessions lent out are closed when they come back. */
  close(): void {
    this.closed = true;
    for (const session of this.idle.splice(0)) this.discard(session);
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error("PKCS#11 session pool is closed"));
  }

  private acquire(): Promise<S> {
    if (this.closed) return Promise.reject(new Error("PKCS#11 session pool is closed"));
    const session = this.idle.pop();
    if (session !== undefined) return Promise.resolve(session);
    if (this.opened < this.options.max) return Promise.resolve(this.openOne());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private openOne(): S {
    const session = this.options.open();
    this.opened += 1;
    return session;
  }

  private release(session: S): void {
    if (this.closed) {
      this.discard(session);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(session);
    else this.idle.push(session);
  }

  private discard(session: S): void {
    this.opened -= 1;
    try {
      this.options.close(session);
    } catch {
      // already gone on the token's side: nothing left to close
    }
    // the slot it held is free again: a queued piece of work gets a fresh session
    const waiter = this.closed ? undefined : this.waiting.shift();
    if (!waiter) return;
    try {
      waiter.resolve(this.openOne());
    } catch (error) {
      waiter.reject(error);
    }
  }
}
