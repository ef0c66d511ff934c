// Routes. Each view is a dynamic import, hence its own chunk: the public portal's visitors
// never download the staff console, and the verifier loads only on /verify.
//
// HTML5 history: the server must answer index.html for any path that is neither /api/… nor
// a file of the build (the SPA fallback), so that /verify can be opened directly.
import { createRouter, createWebHistory } from 'vue-router';
import consoleRoutes from './routes/console.js';
import workRoutes from './routes/work.js';
import portalRoutes from './routes/portal.js';
import { installSessionGuard } from './session.js';

export const routes = [
  {
    path: '/',
    component: () => import('./layouts/PublicLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: 'nav.home' } },
      { path: 'verify', name: 'verify', component: () => import('./views/VerifyView.vue'), meta: { title: 'verify.title' } },
      ...portalRoutes,
    ],
  },
  {
    path: '/staff',
    component: () => import('./layouts/StaffLayout.vue'),
    children: [
      { path: '', name: 'staff', component: () => import('./views/staff/StaffHomeView.vue'), meta: { title: 'app.staff' } },
      { path: 'login', name: 'login', component: () => import('./views/staff/LoginView.vue'), meta: { title: 'login.title', public: true } },
      ...consoleRoutes,
      ...workRoutes,
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    component: () => import('./layouts/PublicLayout.vue'),
    children: [{ path: '', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: 'notFound.title' } }],
  },
];

export function makeRouter(history = createWebHistory('/')) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: () => ({ top: 0 }),
  });
  installSessionGuard(router);  // staff pages need a session (session.js)
  return router;
}

/** Keeps document.title as "page — 阳光监管" in the current language. */
export function trackTitle(router, i18n) {
  const update = () => {
    if (!globalThis.document) return;
    const route = router.currentRoute.value;
    const t = i18n.global.t;
    const page = route.meta?.title ? t(route.meta.title) : '';
    document.title = page ? `${page} — ${t('app.name')}` : t('app.name');
  };
  router.afterEach(update);
  return update;
}
