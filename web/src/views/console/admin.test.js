import { describe, expect, it } from 'vitest';
import { checkUnit, grantable, permissionMatrix } from './admin.js';

describe('administration helpers', () => {
  it('checks a unit with the server\'s rules', () => {
    const ok = { code: 'SCJG-430302-09', name: '城正街所', department: 'SCJG', region: '430302' };
    expect(checkUnit(ok)).toBe('');
    expect(checkUnit({ ...ok, code: 'a b' })).toBe('code');
    expect(checkUnit({ ...ok, code: 'A' })).toBe('code');
    expect(checkUnit({ ...ok, name: '  ' })).toBe('name');
    expect(checkUnit({ ...ok, name: '所'.repeat(34) })).toBe('name');  // 102 bytes
    expect(checkUnit({ ...ok, department: '' })).toBe('department');
    expect(checkUnit({ ...ok, region: '4303' })).toBe('region');
    // Editing: the code and department are fixed.
    expect(checkUnit({ ...ok, code: '', department: '' }, 'edit')).toBe('');
  });

  it('marks roles that hold more than the caller (no escalation)', () => {
    const mine = { 'users.admin': 'department', 'task.write': 'department', 'check.enter': 'own' };
    expect(grantable({ permissions: { 'check.enter': 'own' } }, mine)).toBe(true);
    expect(grantable({ permissions: { 'task.write': 'department' } }, mine)).toBe(true);
    expect(grantable({ permissions: { 'users.admin': 'all' } }, mine)).toBe(false);
    expect(grantable({ permissions: { 'log.read': 'department' } }, mine)).toBe(false);
    expect(grantable({ permissions: {} }, {})).toBe(true);
  });

  it('lays out the permission × role table', () => {
    const roles = [
      { code: 'a', permissions: { 'task.read': 'all', 'z.x': 'own' } },
      { code: 'b', permissions: { 'task.read': 'department' } },
    ];
    expect(permissionMatrix(roles, ['task.read'])).toEqual([
      { perm: 'task.read', scopes: { a: 'all', b: 'department' } },
      { perm: 'z.x', scopes: { a: 'own', b: '' } },
    ]);
  });
});
