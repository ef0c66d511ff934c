import { describe, expect, it } from 'vitest';
import { emptyFilter, filterFromQuery, filterParams, MAX_OFFSET, pageCount } from './directory.js';

describe('directory filters', () => {
  it('leaves out empty fields and normalises codes', () => {
    const form = { ...emptyFilter('entities'), code: ' 91430302ab ', name: '湘潭', risk: 'A' };
    expect(filterParams('entities', form)).toEqual({ params: { code: '91430302AB', name: '湘潭', risk: 'A' } });
  });

  it('names the first bad field', () => {
    expect(filterParams('entities', { region: '43x' })).toEqual({ field: 'region', reason: 'pattern' });
    expect(filterParams('entities', { code: "' OR 1=1" })).toEqual({ field: 'code', reason: 'pattern' });
    expect(filterParams('entities', { region: '4303021' })).toEqual({ field: 'region', reason: 'tooLong' });
    expect(filterParams('entities', { risk: 'Z' })).toEqual({ field: 'risk', reason: 'pattern' });
    expect(filterParams('inspectors', { status: 'bored' })).toEqual({ field: 'status', reason: 'pattern' });
  });

  it('counts the byte length of names as the server does', () => {
    expect(filterParams('entities', { name: '湘'.repeat(33) }).params.name).toHaveLength(33);
    expect(filterParams('entities', { name: '湘'.repeat(34) })).toEqual({ field: 'name', reason: 'tooLong' });
  });

  it('stops paging where the server stops', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(45)).toBe(3);
    expect(pageCount(1_000_000)).toBe(MAX_OFFSET / 20 + 1);
  });

  it('reads a search back from the URL', () => {
    expect(filterFromQuery('inspectors', { name: '张', page: '3', junk: 'x' })).toEqual({
      form: { code: '', name: '张', department: '', region: '', status: '' },
      page: 3,
    });
    expect(filterFromQuery('entities', {}).page).toBe(1);
  });
});
