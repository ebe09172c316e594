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
