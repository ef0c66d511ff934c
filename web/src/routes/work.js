// Routes of the work area (see src/routes/README.md). Children of the layout named below;
// each view is a dynamic import (its own chunk).
//
// Children of /staff (StaffLayout): the inspector's checks and record form (also the page a
// reviewer approves, returns and publishes on), the review and publication queues with the
// deadlines, credit lists, referrals, statistics, the transparency log.
export default [
  {
    path: 'checks',
    name: 'work-checks',
    component: () => import('../views/work/MyChecksView.vue'),
    meta: { title: 'work.checks.title', menu: { group: 'work', order: 10 }, permission: 'check.enter' },
  },
  {
    path: 'checks/:id(\\d+)',
    name: 'work-check',
    component: () => import('../views/work/CheckView.vue'),
    meta: { title: 'work.record.title', permission: 'task.read' },
  },
  {
    path: 'review',
    name: 'work-review',
    component: () => import('../views/work/ReviewQueueView.vue'),
    meta: { title: 'work.review.title', menu: { group: 'review', order: 10 }, permission: 'check.review' },
  },
  {
    path: 'publish',
    name: 'work-publish',
    component: () => import('../views/work/PublishQueueView.vue'),
    meta: { title: 'work.publish.title', menu: { group: 'review', order: 20 }, permission: 'check.publish' },
  },
  {
    path: 'credit',
    name: 'work-credit',
    component: () => import('../views/work/CreditView.vue'),
    meta: { title: 'work.credit.title', menu: { group: 'credit', order: 10 }, permission: 'credit.propose' },
  },
  {
    path: 'referrals',
    name: 'work-referrals',
    component: () => import('../views/work/ReferralsView.vue'),
    meta: { title: 'work.referrals.title', menu: { group: 'credit', order: 20 }, permission: 'referral.write' },
  },
  {
    path: 'stats',
    name: 'work-stats',
    component: () => import('../views/work/StatsView.vue'),
    meta: { title: 'work.stats.title', menu: { group: 'stats', order: 10 }, permission: 'stats.read' },
  },
  {
    path: 'log',
    name: 'work-log',
    component: () => import('../views/work/LogView.vue'),
    meta: { title: 'work.log.title', menu: { group: 'stats', order: 20 }, permission: 'log.read' },
  },
];
