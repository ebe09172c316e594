/**
 * The local runtime's virtual clock and waits longer than Node's timer limit (2^31-1 ms, 24.9 days): a 16-week Wait
 * is chained in steps below the limit, and is still one timer to whoever asks for the next one.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../infra/local/virtual-clock';

const DAY_MS = 86_400_000;
const START = new Date('2026-11-30T10:00:00.000Z');
const at = (days: number) => new Date(START.getTime() + days * DAY_MS);

/** Runs `test` on a virtual clock frozen at START, installed on the globals, and takes it off again. */
async function onVirtualClock(test: (clock: VirtualClock, settle: () => Promise<void>) => Promise<void>): Promise<void> {
  const clock = VirtualClock.install({ start: START, realTime: false });
  try {
    await test(clock, () => clock.realTurn());
  } finally {
    clock.uninstall();
  }
}

describe('a wait longer than 24.9 days on the virtual clock', () => {
  it('is one timer: the next timer is its end (not a stop every 24.9 days), where it fires once', async () => {
    await onVirtualClock(async (clock, settle) => {
      let fired = 0;
      setTimeout(() => (fired += 1), 112 * DAY_MS); // 16 weeks

      expect(clock.nextTimerAt()).toEqual(at(112));
      expect(await clock.advanceToNextTimer({ settle })).toEqual(at(112));
      expect(fired).toBe(1);
      expect(clock.now()).toEqual(at(112));
      expect(clock.nextTimerAt()).toBeUndefined();
    });
  });

  it('lets a shorter timer come first, and keeps its own end when time has moved part of the way', async () => {
    await onVirtualClock(async (clock, settle) => {
      const fired: string[] = [];
      setTimeout(() => fired.push('16 weeks'), 112 * DAY_MS);
      setTimeout(() => fired.push('30 days'), 30 * DAY_MS);

      expect(await clock.advanceToNextTimer({ settle })).toEqual(at(30));
      expect(fired).toEqual(['30 days']);
      // Past the first 24.9-day step of the long wait: its next timer is still its end.
      expect(clock.nextTimerAt()).toEqual(at(112));
      await clock.advanceToNextTimer({ settle });
      expect(fired).toEqual(['30 days', '16 weeks']);
    });
  });

  it('is gone once cleared, whichever step of the chain it is on', async () => {
    await onVirtualClock(async (clock, settle) => {
      let fired = 0;
      const handle = setTimeout(() => (fired += 1), 112 * DAY_MS);
      await clock.advanceTo(at(50), { settle });
      clearTimeout(handle);

      expect(clock.nextTimerAt()).toBeUndefined();
      await clock.advanceTo(at(200), { settle });
      expect(fired).toBe(0);
    });
  });
});
