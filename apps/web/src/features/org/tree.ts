import type { OrgUnit } from '@stride/contracts';

export interface UnitNode extends OrgUnit {
  children: UnitNode[];
  depth: number;
}

/** Builds the unit forest; roots are units without a parent or whose parent is not visible. */
export function buildUnitTree(units: readonly OrgUnit[]): UnitNode[] {
  const byId = new Map<string, UnitNode>();
  for (const u of units) byId.set(u.id, { ...u, children: [], depth: 0 });
  const roots: UnitNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sortRec = (nodes: UnitNode[], depth: number) => {
    nodes.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const n of nodes) {
      n.depth = depth;
      sortRec(n.children, depth + 1);
    }
  };
  sortRec(roots, 0);
  return roots;
}

/** Ids of a unit and all units below it. */
export function descendantIds(units: readonly OrgUnit[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u.id);
    children.set(u.parentId, list);
  }
  const out = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (out.has(cur)) continue;
    out.add(cur);
    stack.push(...(children.get(cur) ?? []));
  }
  return out;
}

/** Total headcount of a unit including all its descendants. */
export function totalHeadcount(node: UnitNode): number {
  return node.headcount + node.children.reduce((sum, c) => sum + totalHeadcount(c), 0);
}

export function unitPath(units: readonly OrgUnit[], id: string): OrgUnit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: OrgUnit[] = [];
  const seen = new Set<string>();
  let cur = byId.get(id);
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    path.unshift(cur);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return path;
}
