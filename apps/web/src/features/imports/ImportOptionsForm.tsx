import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ImportKind, ImportOptions, Integration } from '@stride/contracts';
import { useQuery } from '@tanstack/react-query';
import { Button, Col, Flex, Form, Input, Row, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useActivityTypeOptions } from '../activities/queries';
import { integrationsKey } from '../integrations/queries';

const IMPORT_SOURCE = 'import';
const PERIOD_TYPES = ['week', 'month', 'quarter', 'year'] as const;
/** Targets are agreed per month, quarter or year. */
const TARGET_PERIOD_TYPES = ['month', 'quarter', 'year'] as const;

interface ImportOptionsFormProps {
  kind: ImportKind;
  options: ImportOptions;
  onChange: (options: ImportOptions) => void;
  isAdmin: boolean;
  orgTimeZone: string;
  errors: Record<string, string>;
}

function timeZones(orgTimeZone: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(orgTimeZone) ? all : [orgTimeZone, ...all];
}

/** The options of each kind: activities' source, time zone and type names; metric values' and targets' period type. */
export function ImportOptionsForm({ kind, options, onChange, isAdmin, orgTimeZone, errors }: ImportOptionsFormProps) {
  const { t } = useTranslation();
  const zones = useMemo(() => timeZones(orgTimeZone).map((z) => ({ value: z, label: z })), [orgTimeZone]);
  const integrations = useQuery({
    queryKey: integrationsKey,
    queryFn: ({ signal }) => api<{ items: Integration[] }>('/integrations', { signal }).then((r) => r.items),
    enabled: isAdmin && kind === 'activities',
  });
  const [typeRows, setTypeRows] = useState<{ name: string; type: string | null }[]>(() =>
    Object.entries(options.types ?? {}).map(([name, type]) => ({ name, type })),
  );

  const set = (patch: Partial<ImportOptions>) => onChange({ ...options, ...patch });
  const setTypes = (rows: { name: string; type: string | null }[]) => {
    setTypeRows(rows);
    const types: Record<string, string> = {};
    for (const r of rows) if (r.name.trim() && r.type) types[r.name.trim()] = r.type;
    set({ types: Object.keys(types).length ? types : undefined });
  };
  const status = (key: string) => (errors[key] ? ('error' as const) : undefined);
  // Built-in and the organization's own activity types.
  const { options: typeOptions } = useActivityTypeOptions();

  if (kind === 'people') return null;

  if (kind === 'metric_values' || kind === 'targets') {
    const periodTypes = kind === 'targets' ? TARGET_PERIOD_TYPES : PERIOD_TYPES;
    return (
      <Form layout="vertical">
        <Form.Item
          label={t('imports.options.periodType')}
          extra={t('imports.options.periodTypeHelp')}
          validateStatus={status('periodType')}
          help={errors.periodType}
          style={{ maxWidth: 320 }}
        >
          <Select
            value={options.periodType ?? 'month'}
            onChange={(v) => set({ periodType: v })}
            options={periodTypes.map((p) => ({ value: p, label: t(`imports.options.periodTypes.${p}`) }))}
            data-testid="import-option-periodType"
          />
        </Form.Item>
      </Form>
    );
  }

  const source = options.source ?? IMPORT_SOURCE;
  const sourceOptions = [
    { value: IMPORT_SOURCE, label: t('imports.options.sourceImport') },
    ...(integrations.data ?? []).map((i) => ({ value: i.source, label: `${i.name} (${i.source})` })),
  ];

  return (
    <Form layout="vertical">
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('imports.options.source')}
            extra={t('imports.options.sourceHelp')}
            validateStatus={status('source')}
            help={errors.source}
          >
            {isAdmin ? (
              <Select
                value={source}
                loading={integrations.isFetching}
                options={sourceOptions}
                onChange={(v) => set({ source: v === IMPORT_SOURCE ? undefined : v })}
                data-testid="import-option-source"
              />
            ) : (
              <Input
                value={source}
                maxLength={40}
                onChange={(e) => set({ source: e.target.value.trim() ? e.target.value : undefined })}
                data-testid="import-option-source"
              />
            )}
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('imports.options.timeZone')}
            extra={t('imports.options.timeZoneHelp')}
            validateStatus={status('timeZone')}
            help={errors.timeZone}
          >
            <Select
              showSearch
              value={options.timeZone ?? orgTimeZone}
              options={zones}
              onChange={(v) => set({ timeZone: v === orgTimeZone ? undefined : v })}
              data-testid="import-option-timeZone"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('imports.options.types')} extra={t('imports.options.typesHelp')}>
        <Flex vertical gap={8}>
          {typeRows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their position
            <Flex gap={8} key={i} align="center" wrap>
              <Input
                value={r.name}
                placeholder={t('imports.options.typeName')}
                maxLength={100}
                style={{ width: 200 }}
                onChange={(e) => setTypes(typeRows.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
              />
              <span>→</span>
              <Select
                value={r.type}
                placeholder={t('imports.options.typeTarget')}
                options={typeOptions}
                style={{ width: 200 }}
                onChange={(v) => setTypes(typeRows.map((x, j) => (j === i ? { ...x, type: v } : x)))}
              />
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('common.close')}
                onClick={() => setTypes(typeRows.filter((_, j) => j !== i))}
              />
            </Flex>
          ))}
          <div>
            <Button
              icon={<PlusOutlined />}
              size="small"
              onClick={() => setTypeRows([...typeRows, { name: '', type: null }])}
            >
              {t('imports.options.addType')}
            </Button>
          </div>
        </Flex>
      </Form.Item>
    </Form>
  );
}
