// What the user reads when an API call fails: a sentence in the current language chosen by the
// error's code (docs/api.md, "Errors"), never the raw JSON. The server's own message (English,
// safe to show) is appended as the detail, since it says which value was wrong.
//
//   import { errorText } from '../errors.js';
//   catch (e) { error.value = errorText(e, t); }
const KNOWN = new Set([
  'invalid_argument', 'out_of_range', 'unauthenticated', 'permission_denied', 'csrf_failed',
  'not_found', 'method_not_allowed', 'already_exists', 'aborted', 'failed_precondition',
  'payload_too_large', 'unsupported_media_type', 'resource_exhausted', 'internal', 'unavailable',
  'network',
]);

/** `e`: an ApiError (or anything thrown); `t`: vue-i18n's translate function. */
export function errorText(e, t) {
  const code = typeof e?.code === 'string' && KNOWN.has(e.code) ? e.code : 'unknown';
  const sentence = t(`errors.${code}`);
  const detail = code === 'internal' || code === 'network' ? '' : (e?.message ?? '');
  const field = e?.field ? t('errors.field', { field: e.field }) : '';
  return [sentence, field, detail && !/^HTTP \d+$/.test(detail) ? detail : ''].filter(Boolean).join(' ');
}
