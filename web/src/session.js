// The staff console's session: who is logged in, their roles and permissions (GET
// /api/v1/session, docs/api.md "Authentication"), and the route guard that sends anyone
// without a session to /staff/login?next=….
//
//   import { useSession } from './session.js';
//   const session = useSession();     // reactive: { user, roles, permissions, can(perm), load(), clear() }
//   if (session.can('task.write')) …
//
// Contract shared with the work area (web-common brief): `useSession()` returns one reactive
// object with `user` ({id, username, department, inspector_code} or null), `roles` (codes),
// `permissions` (permission → scope "own" | "department" | "all"), `can(perm)`, `load()`
// (resolves true when logged in) and `clear()`. Beside them: `status` ('unknown', 'loading',
// 'in', 'out', 'error'), `expired` (the last session ended while in use), `error` (the
// ApiError of a failed load), `login(username, password)` and `logout()`.
//
// Expiry: the login answer's expires_at is remembered in localStorage (no secret: the
// session itself is an HttpOnly cookie, the CSRF token stays in memory), so that a 401 on
// a later visit can say "登录已过期" rather than just "请登录". Any API call answering 401
// while the console is open ends the session here and goes to the login page (api.js
// onUnauthenticated).
import { reactive } from 'vue';
import { login as apiLogin, logout as apiLogout, onUnauthenticated, request, setCsrfToken } from './api.js';

const MARK_KEY = 'sunlit.session';

function mark(value) {
  try {
    if (value) globalThis.localStorage?.setItem(MARK_KEY, value);
    else globalThis.localStorage?.removeItem(MARK_KEY);
  } catch {
    // Private browsing: expiry is then reported as "please log in".
  }
}

function marked() {
  try {
    return Boolean(globalThis.localStorage?.getItem(MARK_KEY));
  } catch {
    return false;
  }
}

let pending = null;

const session = reactive({
  user: null,
  roles: [],
  permissions: {},
  status: 'unknown',
  expired: false,
  error: null,

  /** True when the user holds `perm` at any scope. */
  can(perm) {
    return Boolean(perm) && Object.prototype.hasOwnProperty.call(session.permissions, perm) &&
      session.permissions[perm] !== 'none';
  },

  /** The scope of `perm` ("own", "department", "all") or "" when not held. */
  scopeOf(perm) {
    return session.permissions[perm] ?? '';
  },

  /**
   * Asks the server who is logged in (once; `force` asks again). Resolves true when logged
   * in; false when not (status 'out', `expired` set when a session had been open) or when the
   * server could not answer (status 'error', `error` set). Never rejects.
   */
  load({ force = false } = {}) {
    if (session.status === 'in' && !force) return Promise.resolve(true);
    if (pending) return pending;
    session.status = 'loading';
    pending = request('GET', '/session')
      .then((answer) => {
        apply(answer);
        return true;
      })
      .catch((e) => {
        if (e?.status === 401) {
          const hadSession = marked();
          clearState();
          session.expired = hadSession;
          return false;
        }
        session.status = 'error';
        session.error = e;
        return false;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  },

  /** Forgets the user here (not on the server: see logout). */
  clear() {
    clearState();
  },

  /** Logs in; rejects with the ApiError (401 wrong credentials, 429 locked out …). */
  async login(username, password) {
    const answer = await apiLogin(username, password);
    apply(answer);
    mark(typeof answer?.expires_at === 'string' && answer.expires_at ? answer.expires_at : '1');
    return answer;
  },

  /** Ends the session on the server (best effort) and here. */
  async logout() {
    try {
      await apiLogout();
    } catch {
      // Already ended on the server: nothing more to do.
    } finally {
      clearState();
    }
  },
});

function apply(answer) {
  session.user = answer?.user ?? null;
  session.roles = Array.isArray(answer?.roles) ? answer.roles : [];
  session.permissions = answer?.permissions && typeof answer.permissions === 'object' ? answer.permissions : {};
  if (typeof answer?.csrf_token === 'string') setCsrfToken(answer.csrf_token);
  session.status = session.user ? 'in' : 'out';
  session.expired = false;
  session.error = null;
}

function clearState() {
  session.user = null;
  session.roles = [];
  session.permissions = {};
  session.status = 'out';
  session.expired = false;
  session.error = null;
  setCsrfToken(null);
  mark(null);
}

export function useSession() {
  return session;
}

/** Whether a route belongs to the staff console (a child of /staff). */
export function isStaffRoute(route) {
  return route?.matched?.[0]?.path === '/staff';
}

/** Where to send someone who must log in first; `next` is where they were going. */
export function loginLocation(next, expired = false) {
  const query = {};
  if (next && next !== '/staff/login') query.next = next;
  if (expired) query.expired = '1';
  return { name: 'login', query };
}

/**
 * The `next` of the login page, if it is safe to go to: a path of the staff console on this
 * site, never another origin ("//host", "/\\host") or a script URL.
 */
export function safeNext(next) {
  if (typeof next !== 'string') return null;
  if (!/^\/staff(\/|$|\?)/.test(next)) return null;
  if (/[\\]|^\/\//.test(next) || next.startsWith('/staff/login')) return null;
  return next;
}

/**
 * Installs the guard: a staff route that is not meta.public needs a session; without one
 * the user goes to the login page with `next`. A 401 from any API call while on a staff page
 * does the same, with the "expired" message. (Permissions are checked by StaffLayout, which
 * shows a 403 page in place of the route.)
 */
export function installSessionGuard(router) {
  onUnauthenticated(() => {
    const wasIn = session.status === 'in' || marked();
    clearState();
    session.expired = wasIn;
    const current = router.currentRoute.value;
    if (isStaffRoute(current) && !current.meta?.public) {
      router.replace(loginLocation(current.fullPath, wasIn));
    }
  });
  router.beforeEach(async (to) => {
    if (!isStaffRoute(to) || to.meta?.public) return true;
    if (session.status !== 'in') await session.load();
    if (session.status === 'out') return loginLocation(to.fullPath, session.expired);
    return true;  // 'in', or 'error': the layout says the server cannot be reached
  });
}
