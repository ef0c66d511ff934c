import { describe, expect, it } from 'vitest';
import { forward, jobPercent, pollDelay, stageKey, uploadPercent } from './importProgress.js';

describe('import progress', () => {
  it('maps the upload onto the first fifth of the bar', () => {
    expect(uploadPercent(0, 1000)).toBe(0);
    expect(uploadPercent(500, 1000)).toBe(10);
    expect(uploadPercent(1000, 1000)).toBe(20);
    expect(uploadPercent(5, 0)).toBe(0);
    expect(uploadPercent(2000, 1000)).toBe(20);
  });

  it('follows the job through its phases, determinate and never past 99 before the end', () => {
    const job = (o) => ({ state: 'running', phase: 'validating', bytes_read: 0, bytes_total: 1000, rows_done: 0, rows_written: 0, ...o });
    const seq = [
      job({}),
      job({ bytes_read: 500 }),
      job({ bytes_read: 1000 }),
      job({ phase: 'writing', rows_total: 4000, rows_written: 2000 }),
      job({ phase: 'writing', rows_total: 4000, rows_written: 4000 }),
      job({ phase: 'indexing', rows_total: 4000, rows_written: 4000 }),
      { state: 'done', phase: 'done' },
    ].map(jobPercent);
    expect(seq).toEqual([20, 47, 75, 85, 95, 95, 100]);
    for (let i = 1; i < seq.length; ++i) expect(seq[i]).toBeGreaterThanOrEqual(seq[i - 1]);
    expect(jobPercent({ state: 'failed', phase: 'validating' })).toBe(100);
    // Without byte figures, rows of a known total.
    expect(jobPercent(job({ bytes_total: 0, rows_total: 10, rows_done: 5 }))).toBe(47);
    expect(jobPercent(null)).toBe(20);
  });

  it('never goes back, names the stage, and polls at a bounded pace', () => {
    expect(forward(60, 40)).toBe(60);
    expect(forward(undefined, 40)).toBe(40);
    expect(stageKey('upload')).toBe('console.imports.stage.upload');
    expect(stageKey('server', { phase: 'writing' })).toBe('console.imports.stage.writing');
    expect(stageKey('server', null)).toBe('console.imports.stage.validating');
    expect([0, 1, 2, 3, 4, 10].map(pollDelay)).toEqual([150, 300, 600, 1000, 1000, 1000]);
  });
});
