// The item and checklist pages' logic without Vue (unit-tested): the edit form ↔ the API's
// item, and the comma lists people type.

/** "a, b，c、d" → ['a', 'b', 'c', 'd'] (the separators the import accepts), trimmed, no blanks. */
export function splitList(text) {
  return String(text ?? '')
    .split(/[,;|，；、]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const EXEMPTIONS = ['', 'national_security', 'public_safety', 'environment', 'life_health', 'emergency', 'complaint'];
export const OBJECT_TYPES = ['enterprise', 'individual', 'cooperative', 'other'];

/** An item of GET /items (or none) → the form's fields. */
export function itemForm(item) {
  return {
    code: item?.code ?? '',
    name: item?.name ?? '',
    legal_basis: item?.legal_basis ?? '',
    object_types: [...(item?.object_types ?? [])],
    industries: (item?.industry_prefixes ?? []).join(', '),
    tags: (item?.tags ?? []).join(', '),
    method: item?.method ?? '',
    qualification: item?.qualification ?? '',
    exemption: item?.exemption ?? '',
    valid: item?.valid ?? true,
  };
}

/** The form → the body of PUT /items/{department}/{code}; { field } for the first missing one. */
export function itemBody(form) {
  for (const f of ['code', 'name', 'legal_basis']) {
    if (!String(form[f] ?? '').trim()) return { field: f };
  }
  return {
    body: {
      name: form.name.trim(),
      legal_basis: form.legal_basis.trim(),
      object_types: form.object_types,
      industries: splitList(form.industries),
      tags: splitList(form.tags),
      method: form.method.trim(),
      qualification: form.qualification.trim(),
      exemption: form.exemption,
      valid: form.valid,
    },
  };
}
