import { describe, expect, it } from 'vitest';
import { mapLimit, noticeTargets } from './notices.js';

describe('printing all notices', () => {
  it('takes the staffed checks in order and says why the others have no notice', () => {
    const checks = [
      { entity_code: 'A', entity_name: '甲', state: 'assigned', inspectors: [{ inspector_code: 'X' }] },
      { entity_code: 'B', entity_name: '乙', state: 'cancelled', inspectors: [{ inspector_code: 'X' }] },
      { entity_code: 'C', entity_name: '丙', state: 'pending', inspectors: [] },
      { entity_code: 'D', entity_name: '丁', state: 'entered', inspectors: [{ inspector_code: 'Y' }] },
    ];
    const { targets, skipped } = noticeTargets(checks);
    expect(targets.map((c) => c.entity_code)).toEqual(['A', 'D']);
    expect(skipped).toEqual([
      { entity_code: 'B', entity_name: '乙', why: 'cancelled' },
      { entity_code: 'C', entity_name: '丙', why: 'no_team' },
    ]);
    expect(noticeTargets(undefined)).toEqual({ targets: [], skipped: [] });
  });

  it('fetches a few at a time and keeps the order', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (v) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, v));
      running -= 1;
      return v * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
