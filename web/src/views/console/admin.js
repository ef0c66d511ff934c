// Checks and helpers of the administration pages (units, users, roles) without Vue, with the
// server's own rules (src/app/units.h, docs/access.md) so that the page says what is wrong
// before asking. Unit-tested in admin.test.js.

/** The first problem of a unit form ('code' | 'name' | 'department' | 'region'), or ''. */
export function checkUnit(form, mode = 'new') {
  const code = (form.code ?? '').trim();
  if (mode === 'new' && !/^[A-Za-z0-9_-]{2,64}$/.test(code)) return 'code';
  const name = (form.name ?? '').trim();
  if (!name || new TextEncoder().encode(name).length > 100) return 'name';
  if (mode === 'new' && !form.department) return 'department';
  if (!/^\d{6}$/.test((form.region ?? '').trim())) return 'region';
  return '';
}

const SCOPE_RANK = { none: 0, own: 1, department: 2, all: 3 };

/**
 * Whether `role` ({permissions: {perm: scope}}) holds nothing wider than the caller's own
 * `permissions` — the server's no-escalation rule; the page marks the other roles.
 */
export function grantable(role, permissions) {
  for (const [perm, scope] of Object.entries(role?.permissions ?? {})) {
    if ((SCOPE_RANK[permissions?.[perm]] ?? 0) < (SCOPE_RANK[scope] ?? 0)) return false;
  }
  return true;
}

/** Rows of the roles page: one per permission, in the order given, a scope per role. */
export function permissionMatrix(roles, order = []) {
  const perms = [...order];
  for (const r of roles) {
    for (const p of Object.keys(r.permissions ?? {}).sort()) if (!perms.includes(p)) perms.push(p);
  }
  return perms.map((perm) => ({ perm, scopes: Object.fromEntries(roles.map((r) => [r.code, r.permissions?.[perm] ?? ''])) }));
}
