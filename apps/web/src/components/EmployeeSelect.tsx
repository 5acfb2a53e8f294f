import { useQuery } from '@tanstack/react-query';
import { Empty, Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchEmployees } from '../features/people/queries';
import { useDebouncedValue } from '../lib/useDebouncedValue';

export interface EmployeeOption {
  id: string;
  name: string;
  employeeNo?: string;
}

interface EmployeeSelectProps {
  value?: string | null;
  onChange?: (value: string | null, option?: EmployeeOption) => void;
  /** Shown for the current value before any search has run (e.g. the current manager). */
  initialOption?: EmployeeOption | null;
  /** An id that may not be chosen (e.g. the person being edited cannot be their own manager). */
  excludeId?: string;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  id?: string;
  'data-testid'?: string;
}

/** Remote-search select over people (GET /employees?q=). */
export function EmployeeSelect(props: EmployeeSelectProps) {
  const { value, onChange, initialOption, excludeId, placeholder, allowClear = true, disabled, id } = props;
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<EmployeeOption | null>(null);
  const q = useDebouncedValue(search.trim(), 250);

  const { data, isFetching } = useQuery({
    queryKey: ['employees', 'picker', q],
    queryFn: ({ signal }) => fetchEmployees({ q: q || undefined, limit: 20 }, signal),
    enabled: open,
    staleTime: 30_000,
  });

  const options = useMemo(() => {
    const list: EmployeeOption[] = (data?.items ?? []).map((e) => ({
      id: e.id,
      name: e.name,
      employeeNo: e.employeeNo,
    }));
    for (const extra of [picked, initialOption]) {
      if (extra && extra.id === value && !list.some((o) => o.id === extra.id)) list.unshift(extra);
    }
    return list
      .filter((o) => o.id !== excludeId)
      .map((o) => ({
        value: o.id,
        label: o.employeeNo ? `${o.name} (${o.employeeNo})` : o.name,
        employee: o,
      }));
  }, [data, picked, initialOption, value, excludeId]);

  return (
    <Select<string | null>
      id={id}
      data-testid={props['data-testid']}
      value={value ?? null}
      placeholder={placeholder ?? t('select.searchEmployee')}
      allowClear={allowClear}
      disabled={disabled}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setSearch('');
      }}
      notFoundContent={
        isFetching ? (
          <Spin size="small" />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('select.noMatch')} />
        )
      }
      options={options}
      onChange={(next) => {
        const option = options.find((o) => o.value === next)?.employee;
        if (option) setPicked(option);
        onChange?.(next ?? null, option);
      }}
      style={{ width: '100%' }}
    />
  );
}
