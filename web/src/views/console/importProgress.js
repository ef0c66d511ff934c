// The import page's one progress bar over two phases: the upload (bytes the browser has sent,
// from XMLHttpRequest) and the server's job (GET /api/v1/imports/jobs/{id}: validating by the
// bytes read, writing by the rows written of the rows total, then indexing). Pure functions,
// no Vue: unit-tested in importProgress.test.js.

// Shares of the bar: upload 0–20 %, validating 20–75 %, writing 75–95 %, indexing 95–99 %.
const UPLOAD_END = 20;
const VALIDATE_END = 75;
const WRITE_END = 95;
const INDEX_END = 99;

const clamp01 = (x) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** Percent (integer 0–100) while the file is being sent. */
export function uploadPercent(loaded, total) {
  return Math.floor(UPLOAD_END * clamp01(total > 0 ? loaded / total : 0));
}

/** Percent (integer 0–100) of a job as the server reports it; 100 only when it finished. */
export function jobPercent(job) {
  if (!job) return UPLOAD_END;
  if (job.state === 'done' || job.state === 'failed' || job.phase === 'done') return 100;
  const span = (from, to, f) => Math.floor(from + (to - from) * clamp01(f));
  switch (job.phase) {
    case 'validating': {
      const f = job.bytes_total > 0 ? job.bytes_read / job.bytes_total
        : job.rows_total > 0 ? job.rows_done / job.rows_total : 0;
      return span(UPLOAD_END, VALIDATE_END, f);
    }
    case 'writing':
      return span(VALIDATE_END, WRITE_END, job.rows_total > 0 ? job.rows_written / job.rows_total : 0);
    case 'indexing':
      return span(WRITE_END, INDEX_END, 0);
    default:
      return UPLOAD_END;
  }
}

/** Keeps a bar from going back (two sources may report out of order). */
export function forward(previous, next) {
  return Math.max(previous ?? 0, next ?? 0);
}

/** The i18n key of the label under the bar. */
export function stageKey(stage, job) {
  if (stage === 'upload') return 'console.imports.stage.upload';
  const phase = job?.phase ?? 'validating';
  return `console.imports.stage.${phase}`;
}

/** Wait before the next poll: quick at first, then every second (no server is hurried). */
export function pollDelay(attempt) {
  return Math.min(1000, 150 * 2 ** Math.min(attempt, 3));
}
