import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgUnits } from '../features/org/queries';
import { buildUnitTree, type UnitNode } from '../features/org/tree';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

interface UnitTreeSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Ids that may not be chosen (e.g. a unit and its descendants when moving it). */
  disabledIds?: Set<string>;
  id?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

function toOptions(nodes: UnitNode[], disabledIds?: Set<string>): TreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.name,
    disabled: disabledIds?.has(n.id),
    children: toOptions(n.children, disabledIds),
  }));
}

export function UnitTreeSelect(props: UnitTreeSelectProps) {
  const { value, onChange, placeholder, allowClear = true, disabledIds, id, style } = props;
  const { t } = useTranslation();
  const { data: units, isLoading } = useOrgUnits();
  const treeData = useMemo(() => toOptions(buildUnitTree(units ?? []), disabledIds), [units, disabledIds]);

  return (
    <TreeSelect<string | null>
      id={id}
      data-testid={props['data-testid']}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      treeData={treeData}
      loading={isLoading}
      placeholder={placeholder ?? t('form.selectUnit')}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...style }}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto', minWidth: 240 } } }}
    />
  );
}
