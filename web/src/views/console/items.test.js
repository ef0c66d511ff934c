import { describe, expect, it } from 'vitest';
import { itemBody, itemForm, splitList } from './items.js';

describe('item form', () => {
  it('splits lists on the separators the import knows', () => {
    expect(splitList(' 52, 5211；F、 ,h|')).toEqual(['52', '5211', 'F', 'h']);
    expect(splitList('')).toEqual([]);
  });

  it('round-trips an item of the API', () => {
    const item = { code: 'SCJG-001', name: '营业执照', legal_basis: '条例', object_types: ['enterprise'],
      industry_prefixes: ['52', '5211'], tags: [], method: '书面检查', qualification: '', exemption: '', valid: true };
    const { body } = itemBody(itemForm(item));
    expect(body).toEqual({ name: '营业执照', legal_basis: '条例', object_types: ['enterprise'], industries: ['52', '5211'],
      tags: [], method: '书面检查', qualification: '', exemption: '', valid: true });
  });

  it('names the first missing field', () => {
    expect(itemBody(itemForm(null))).toEqual({ field: 'code' });
    expect(itemBody({ ...itemForm(null), code: 'X', name: '名' })).toEqual({ field: 'legal_basis' });
  });
});
