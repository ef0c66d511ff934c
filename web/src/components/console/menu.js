// The staff menu from route meta (src/routes/README.md): every /staff child route with
// meta.menu whose meta.permission the user has, grouped, groups in a fixed order, entries
// by meta.menu.order. Pure, so that it is unit-tested without a browser.
export const MENU_GROUPS = ['home', 'directory', 'workflow', 'work', 'review', 'credit', 'stats', 'admin'];

/**
 * `routes`: router.getRoutes() (records with full paths); `can(perm)`: the session's.
 * Returns [{ group, entries: [{ name, path, title, order }] }] without empty groups.
 */
export function buildMenu(routes, can) {
  const byGroup = new Map();
  for (const r of routes) {
    const menu = r.meta?.menu;
    if (!menu || !r.name || !r.path.startsWith('/staff/')) continue;
    if (r.path.includes(':')) continue;  // a page of one object is reached from its list
    if (r.meta.permission && !can(r.meta.permission)) continue;
    const group = MENU_GROUPS.includes(menu.group) ? menu.group : 'home';
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group).push({ name: r.name, path: r.path, title: r.meta.title, order: menu.order ?? 100 });
  }
  return MENU_GROUPS.filter((g) => byGroup.has(g)).map((group) => ({
    group,
    entries: byGroup.get(group).sort((a, b) => a.order - b.order || a.path.localeCompare(b.path)),
  }));
}

/** Whether the route (its deepest record with a permission) is allowed to the user. */
export function routeAllowed(route, can) {
  const perm = [...(route?.matched ?? [])].reverse().find((r) => r.meta?.permission)?.meta.permission;
  return !perm || can(perm);
}
