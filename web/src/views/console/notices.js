// The page that prints every notice of a task (NoticesPrintView.vue), without Vue: which
// checks have a notice, and fetching many notices a few at a time. Unit-tested in
// notices.test.js.

/**
 * The checks of GET …/checks that have a notice (not cancelled, with a team), in their order,
 * and the others with why not: { targets, skipped: [{ entity_code, entity_name, why }] },
 * why = 'cancelled' | 'no_team'.
 */
export function noticeTargets(checks) {
  const targets = [];
  const skipped = [];
  for (const c of checks ?? []) {
    if (c.state === 'cancelled') skipped.push({ entity_code: c.entity_code, entity_name: c.entity_name, why: 'cancelled' });
    else if (!c.inspectors?.length) skipped.push({ entity_code: c.entity_code, entity_name: c.entity_name, why: 'no_team' });
    else targets.push(c);
  }
  return { targets, skipped };
}

/** fn over every item with at most `limit` calls at once; the results in the items' order. */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
