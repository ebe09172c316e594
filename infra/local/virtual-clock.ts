/**
 * The local runtime's clock: real time by default, movable forward on demand. It fakes Date, setTimeout and
 * clearTimeout (so Wait states, task timeouts and handlers all see the same virtual time) and chains delays longer
 * than Node's 2^31-1 ms timer limit, which would otherwise fire at once (a 16-week Wait).
 *
 * Timers a handler sets for itself while it runs (the AWS SDK's retry back-off, its socket bookkeeping, the
 * repository's own retry pause) run on the real clock: they are how long the handler's code takes, not waits of
 * the process being modelled. On the virtual clock they would never fire while time stands still (realTime: false),
 * and the handler, and everything waiting for it to settle, would hang. The runtime marks handler code with
 * `runHandler()`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import FakeTimers from '@sinonjs/fake-timers';

const handlerScope = new AsyncLocalStorage<string | undefined>();

/** Runs a handler invocation; the timers its code sets (directly or through the SDK) run on the real clock. */
export function runHandler<T>(handlerId: string, invocation: () => Promise<T>): Promise<T> {
  return handlerScope.run(handlerId, invocation);
}

/**
 * Runs `work` outside any handler's scope, so that the timers it sets are on the virtual clock: a schedule firing,
 * or an execution a handler starts through the in-process Step Functions client (its Wait states and timeouts are
 * waits of the process being modelled; over HTTP the server's request is outside the handler anyway).
 */
export function outsideHandler<T>(work: () => T): T {
  // Not `exit()`: it disables the storage's async hook while `work` runs, so the promises it creates are not tracked
  // and their continuations run in whatever context resolves them (a handler's). A store of `undefined` is tracked.
  return handlerScope.run(undefined, work);
}

/** The key of a timer in fake-timers' store: its handle is an object under Node that converts to the timer's id. */
function idOf(handle: unknown): unknown {
  return typeof handle === 'object' && handle !== null ? Number(handle) : handle;
}

type InstalledClock = ReturnType<ReturnType<typeof FakeTimers.withGlobal>['install']>;

const MAX_TIMER_DELAY = 2 ** 31 - 1;

export interface AdvanceOptions {
  /** Awaited between timers so that the work a timer starts (handlers, I/O) finishes before time moves again. */
  settle: () => Promise<void>;
}

export class VirtualClock {
  private readonly fake: InstalledClock;
  private readonly longTimers = new Map<object, { handle: unknown }>();
  /**
   * The instant each link of a chained long timer stands for: the chain's end, not the link's own 2^31-1 ms step. A
   * 16-week Wait is one deadline, so "the next timer" is its end, not a stop every 24.9 days where nothing happens.
   */
  private readonly chainEnds = new Map<unknown, number>();
  /** Ids of the recurring schedules' timers: fired on the way by advanceTo, never "the next deadline". */
  private readonly backgroundTimers = new Set<unknown>();
  private readonly realSetImmediate = globalThis.setImmediate;
  private readonly nativeSetTimeout = globalThis.setTimeout;

  private constructor(start: Date, realTime: boolean) {
    this.fake = FakeTimers.withGlobal(globalThis).install({
      now: start,
      toFake: ['Date', 'setTimeout', 'clearTimeout'],
      shouldAdvanceTime: realTime,
      advanceTimeDelta: 20,
      loopLimit: 100_000,
      // SDK clients created before install clear their native timers afterwards: let them.
      shouldClearNativeTimers: true,
    });
    this.chainLongTimers();
  }

  /** Installs the clock on this process's globals. `realTime: false` freezes time between explicit advances. */
  static install(options: { start?: Date; realTime?: boolean } = {}): VirtualClock {
    return new VirtualClock(options.start ?? new Date(), options.realTime ?? true);
  }

  now(): Date {
    return new Date(this.fake.now);
  }

  /**
   * The instant of the next pending timer of a process (a Wait state, a task timeout, a retry), if any. A recurring
   * schedule (the daily digest) always has a next occurrence, so it is not one: "advance to the next deadline" and
   * loops that run until nothing waits would otherwise never end.
   */
  nextTimerAt(): Date | undefined {
    return this.nextAt(false);
  }

  /**
   * A timer on the virtual clock, outside any handler's scope, that nextTimerAt() does not count (a recurring
   * schedule's next occurrence). advanceTo still stops at it and lets its work settle.
   */
  setBackgroundTimeout(callback: () => void, delay: number): { cancel(): void } {
    const handle = outsideHandler(() =>
      setTimeout(() => {
        this.backgroundTimers.delete(idOf(handle));
        callback();
      }, Math.max(1, delay)),
    );
    this.backgroundTimers.add(idOf(handle));
    return {
      cancel: () => {
        this.backgroundTimers.delete(idOf(handle));
        clearTimeout(handle);
      },
    };
  }

  private nextAt(includeBackground: boolean): Date | undefined {
    // fake-timers keeps its pending timers in `timers` (a Map in v15; a plain object in older versions).
    const store = (this.fake as unknown as { timers?: Map<unknown, { id: unknown; callAt: number }> | Record<string, { id: unknown; callAt: number }> }).timers;
    const timers = (store instanceof Map ? [...store.values()] : Object.values(store ?? {})).filter(
      (timer) => includeBackground || !this.backgroundTimers.has(timer.id),
    );
    if (timers.length === 0) return undefined;
    return new Date(Math.min(...timers.map((timer) => this.chainEnds.get(timer.id) ?? timer.callAt)));
  }

  /** Moves time forward to `target`, firing every timer due on the way in order and letting each one's work settle. */
  async advanceTo(target: Date, { settle }: AdvanceOptions): Promise<void> {
    await settle();
    for (;;) {
      const next = this.nextAt(true);
      if (!next || next.getTime() > target.getTime()) break;
      this.fake.tick(Math.max(0, next.getTime() - this.fake.now));
      await settle();
    }
    if (target.getTime() > this.fake.now) this.fake.tick(target.getTime() - this.fake.now);
    await settle();
  }

  async advanceBy(milliseconds: number, options: AdvanceOptions): Promise<void> {
    await this.advanceTo(new Date(this.fake.now + milliseconds), options);
  }

  /** Moves time to the next pending timer and fires it; returns its instant, or undefined when nothing waits. */
  async advanceToNextTimer(options: AdvanceOptions): Promise<Date | undefined> {
    await options.settle();
    const next = this.nextTimerAt();
    if (!next) return undefined;
    await this.advanceTo(next, options);
    return next;
  }

  /** A turn of the real event loop (fake timers do not affect setImmediate). */
  realTurn(): Promise<void> {
    return new Promise((resolve) => this.realSetImmediate(resolve));
  }

  uninstall(): void {
    this.fake.uninstall();
  }

  private chainLongTimers(): void {
    const fakeSetTimeout = globalThis.setTimeout;
    const fakeClearTimeout = globalThis.clearTimeout;
    const longTimers = this.longTimers;
    const chainEnds = this.chainEnds;
    const fake = this.fake;
    const chained = (callback: (...args: unknown[]) => void, delay: number, args: unknown[]): object => {
      const token = {};
      const end = fake.now + delay;
      const schedule = (remaining: number) => {
        const step = Math.min(remaining, MAX_TIMER_DELAY);
        const handle = fakeSetTimeout(() => {
          chainEnds.delete(idOf(handle));
          if (remaining > step) schedule(remaining - step);
          else {
            longTimers.delete(token);
            callback(...args);
          }
        }, step);
        chainEnds.set(idOf(handle), end);
        longTimers.set(token, { handle });
      };
      schedule(delay);
      return token;
    };
    const nativeSetTimeout = this.nativeSetTimeout;
    globalThis.setTimeout = ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
      const ms = Number(delay ?? 0);
      // "Run this next" (the SDK's HTTP handler defers with 0 ms) and a handler's own timers are not waits on the
      // clock, so they must not stall while virtual time stands still.
      if (!(ms > 0)) return nativeSetTimeout(callback, 0, ...args);
      if (handlerScope.getStore() !== undefined) return nativeSetTimeout(callback, ms, ...args);
      return ms > MAX_TIMER_DELAY ? chained(callback, ms, args) : fakeSetTimeout(callback, ms, ...args);
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((handle?: unknown) => {
      const long = typeof handle === 'object' && handle !== null ? longTimers.get(handle) : undefined;
      if (long) {
        longTimers.delete(handle as object);
        chainEnds.delete(idOf(long.handle));
        fakeClearTimeout(long.handle as Parameters<typeof clearTimeout>[0]);
      } else fakeClearTimeout(handle as Parameters<typeof clearTimeout>[0]);
    }) as typeof clearTimeout;
  }
}
