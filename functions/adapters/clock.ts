/**
 * The system clock, injected wherever "now" matters so tests can fix it. Nothing else reads the time of day:
 * core functions take instants as arguments, and the repository is handed the instant to store.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/**
 * Real elapsed time, for what must follow the wall clock even where "now" is virtual (the local runtime moves Date
 * for the workflows' deadlines): sign-in sessions expire after 30 idle minutes of real time, not of virtual time.
 * `performance` is never faked (infra/local/virtual-clock.ts fakes Date and timers only).
 */
export const wallClock: Clock = {
  now: () => new Date(performance.timeOrigin + performance.now()),
};
