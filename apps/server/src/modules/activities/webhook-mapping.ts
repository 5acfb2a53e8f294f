import type { IntegrationMapping } from '@stride/contracts';

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    if (typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/**
 * Turns a source system's payload into canonical activity items with the integration's mapping:
 * where the items are, which source field feeds each canonical field, and how type names translate.
 * Without field mappings an item is taken as already canonical.
 */
export function mapPayload(payload: unknown, mapping: IntegrationMapping): unknown[] {
  const container = mapping.itemsPath ? getPath(payload, mapping.itemsPath) : payload;
  const items = Array.isArray(container) ? container : [container];
  return items.map((item) => {
    let out: Record<string, unknown>;
    if (mapping.fields && Object.keys(mapping.fields).length) {
      out = {};
      for (const [canonical, sourcePath] of Object.entries(mapping.fields)) {
        const value = getPath(item, sourcePath);
        if (value !== undefined && value !== null && value !== '') setPath(out, canonical, value);
      }
    } else {
      out = item && typeof item === 'object' ? { ...(item as Record<string, unknown>) } : { value: item };
    }
    if (mapping.types && typeof out.type === 'string' && mapping.types[out.type]) out.type = mapping.types[out.type];
    return out;
  });
}
