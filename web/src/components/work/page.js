// Loading a page's data with the three states every page shows (loading, error, data):
//
//   const { data, loading, error, reload } = usePageData(() => myChecks({ group: 'open' }), { staff: true });
//
// `staff`: loads the session first (GET /api/v1/session, which also restores the CSRF token
// after a reload); a 401 sends the user to the login page. Errors are sentences from
// errorText (never raw JSON).
import { onMounted, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { errorText } from '../../errors.js';
import { useSession } from '../../session.js';

export function usePageData(fetcher, { staff = false, immediate = true } = {}) {
  const { t } = useI18n();
  const router = useRouter();
  const route = useRoute();
  const data = shallowRef(null);
  const loading = ref(immediate);
  const error = ref('');
  const session = useSession();

  async function reload() {
    loading.value = true;
    error.value = '';
    try {
      if (staff) await session.load();
      data.value = await fetcher();
    } catch (e) {
      if (staff && e?.status === 401) {
        session.clear();
        router.replace({ name: 'login', query: { next: route.fullPath } });
        return;
      }
      error.value = errorText(e, t);
    } finally {
      loading.value = false;
    }
  }
  if (immediate) onMounted(reload);
  return { data, loading, error, reload, session };
}

/** Today in China (the bureau's calendar day), YYYY-MM-DD. */
export function chinaToday(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Element Plus tag type of a check state or deadline state. */
export function stateType(state) {
  return {
    returned: 'danger',
    assigned: 'warning',
    entered: 'primary',
    reviewed: 'success',
    published: 'info',
    overdue: 'danger',
    warning: 'warning',
    on_track: 'success',
  }[state] ?? 'info';
}
