// The current user and what they may do (GET /api/v1/session), shared by the staff pages.
//
//   import { useSession } from '../../session.js';
//   const session = useSession();
//   await session.load();             // once per page load; rejects with ApiError 401 when
//                                     // nobody is logged in
//   session.can('check.review')       // true when the user holds the permission (any scope)
//
// Contract shared with the console area (web-common brief): { user, roles, permissions,
// can(perm), load(), clear() }, reactive. The answer's csrf_token is handed to api.js, so that
// changes work after a reload too.
import { reactive } from 'vue';
import { request, setCsrfToken } from './api.js';

const state = reactive({
  user: null,
  roles: [],
  permissions: {},
  loaded: false,
});

let pending = null;

function apply(answer) {
  state.user = answer?.user ?? null;
  state.roles = Array.isArray(answer?.roles) ? answer.roles : [];
  state.permissions = answer?.permissions && typeof answer.permissions === 'object' ? answer.permissions : {};
  state.loaded = true;
  if (typeof answer?.csrf_token === 'string') setCsrfToken(answer.csrf_token);
}

const session = {
  get user() { return state.user; },
  get roles() { return state.roles; },
  get permissions() { return state.permissions; },
  get loaded() { return state.loaded; },
  can(permission) {
    const scope = state.permissions[permission];
    return typeof scope === 'string' && scope !== '' && scope !== 'none';
  },
  /** Loads the session once (`force` reloads). Rejects with the ApiError (401: not logged in). */
  load({ force = false } = {}) {
    if (state.loaded && !force) return Promise.resolve(session);
    if (!pending) {
      pending = request('GET', '/session')
        .then((answer) => {
          apply(answer);
          return session;
        })
        .finally(() => {
          pending = null;
        });
    }
    return pending;
  },
  clear() {
    state.user = null;
    state.roles = [];
    state.permissions = {};
    state.loaded = false;
    setCsrfToken(null);
  },
  /** For the login page: the answer of POST /session. */
  set(answer) {
    apply(answer);
  },
};

export function useSession() {
  return session;
}
