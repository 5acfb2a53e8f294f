import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { alertMaskInput } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { type EmployeeOption, EmployeeSelect } from '../../components/EmployeeSelect';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDate } from '../../lib/format';
import { applyFieldErrors, serverFieldErrors, translateIssue } from '../../lib/formErrors';
import { toIsoDate } from '../metrics/periods';
import { useMetricDefinitions } from '../metrics/queries';
import { type AlertMask, useAlertMasks, useCreateAlertMask, useDeleteAlertMask } from './queries';

const maskKinds = ['leave', 'territory_change', 'quota_reset'] as const;
const sourceColors: Record<AlertMask['source'], string> = { manual: 'blue', job_history: 'purple', targets: 'cyan' };

interface MaskFormValues {
  employeeId?: string | null;
  kind?: (typeof maskKinds)[number];
  range?: [Dayjs | null, Dayjs | null] | null;
  note?: string;
}

function MaskModal({
  open,
  person,
  onClose,
}: {
  open: boolean;
  person: EmployeeOption | null;
  onClose: (saved?: EmployeeOption | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MaskFormValues>();
  const create = useCreateAlertMask();
  const [formError, setFormError] = useState<string | null>(null);
  const [picked, setPicked] = useState<EmployeeOption | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ employeeId: person?.id ?? null, kind: 'leave', range: null, note: '' });
    setPicked(person);
    setFormError(null);
  }, [open, person, form]);

  const submit = async () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as MaskFormValues;
    const body = {
      employeeId: v.employeeId ?? '',
      kind: v.kind ?? 'leave',
      startDate: v.range?.[0] ? toIsoDate(v.range[0]) : '',
      endDate: v.range?.[1] ? toIsoDate(v.range[1]) : '',
      note: v.note?.trim() || undefined,
    };
    const parsed = alertMaskInput.safeParse(body);
    if (!parsed.success) {
      const byField = new Map<string, string[]>();
      for (const issue of parsed.error.issues) {
        const top = String(issue.path[0] ?? '');
        const field = top === 'startDate' || top === 'endDate' ? 'range' : top;
        const text =
          top === 'employeeId'
            ? t('alerts.masks.personRequired')
            : top === 'startDate' || top === 'endDate'
              ? issue.message === 'BEFORE_START'
                ? t('validation.BEFORE_START')
                : t('alerts.masks.datesRequired')
              : translateIssue(top, issue, t);
        const list = byField.get(field) ?? [];
        if (!list.includes(text)) list.push(text);
        byField.set(field, list);
      }
      applyFieldErrors(
        form,
        [...byField.entries()].map(([name, errors]) => ({ name, errors })),
      );
      return;
    }
    try {
      await create.mutateAsync(parsed.data);
      void message.success(t('alerts.masks.saved'));
      onClose(picked);
    } catch (err) {
      if (isApiError(err)) {
        const fields = serverFieldErrors(err, { startDate: 'range', endDate: 'range' });
        applyFieldErrors(form, fields);
        if (fields.length === 0) setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Modal
      open={open}
      title={t('alerts.masks.add')}
      onCancel={() => onClose()}
      onOk={() => void submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'mask-save' } as ButtonProps}
      forceRender
    >
      <div data-testid="mask-form">
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
        <Form<MaskFormValues> form={form} layout="vertical">
          <Form.Item name="employeeId" label={t('alerts.masks.person')} required>
            <EmployeeSelect
              initialOption={person}
              onChange={(_, option) => setPicked(option ?? null)}
              data-testid="mask-person"
            />
          </Form.Item>
          <Form.Item name="kind" label={t('alerts.masks.kind')} required extra={t('alerts.masks.kindHint')}>
            <Select
              options={maskKinds.map((k) => ({ value: k, label: t(`alerts.masks.kinds.${k}`) }))}
              data-testid="mask-kind"
            />
          </Form.Item>
          <Form.Item name="range" label={t('alerts.masks.dates')} required>
            <DatePicker.RangePicker style={{ width: '100%' }} data-testid="mask-range" />
          </Form.Item>
          <Form.Item name="note" label={t('alerts.masks.note')}>
            <Input.TextArea rows={2} maxLength={500} showCount data-testid="mask-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

/** Periods that must not count against a person (leave, territory change, quota reset): manual ones and derived ones. */
export function MasksTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const [person, setPerson] = useState<EmployeeOption | null>(null);
  const [adding, setAdding] = useState(false);
  const masks = useAlertMasks(person?.id ?? null);
  const remove = useDeleteAlertMask();
  const metrics = useMetricDefinitions();
  const metricNames = useMemo(() => new Map((metrics.data ?? []).map((m) => [m.key, m.name])), [metrics.data]);

  const columns: TableColumnsType<AlertMask> = [
    ...(person
      ? []
      : [
          {
            title: t('alerts.masks.person'),
            key: 'person',
            render: (_: unknown, m: AlertMask) => (
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={() =>
                  setPerson({ id: m.employee.id, name: m.employee.name, employeeNo: m.employee.employeeNo })
                }
              >
                {m.employee.name}
              </Button>
            ),
          },
        ]),
    {
      title: t('alerts.masks.kind'),
      key: 'kind',
      render: (_, m) => t(`alerts.masks.kinds.${m.kind}`, { defaultValue: m.kind }),
    },
    { title: t('alerts.masks.start'), key: 'start', render: (_, m) => formatDate(m.startDate) },
    { title: t('alerts.masks.end'), key: 'end', render: (_, m) => formatDate(m.endDate) },
    {
      title: t('alerts.masks.note'),
      key: 'note',
      // A quota reset derived from target changes names the metric whose quota changed.
      render: (_, m) => (m.source === 'targets' && m.note ? (metricNames.get(m.note) ?? m.note) : m.note || '—'),
    },
    {
      title: t('alerts.masks.source'),
      key: 'source',
      render: (_, m) => (
        <Tag color={sourceColors[m.source] ?? 'default'} data-testid="mask-source">
          {t(`alerts.masks.sources.${m.source}`, { defaultValue: m.source })}
        </Tag>
      ),
    },
    {
      title: '',
      key: 'actions',
      render: (_, m) =>
        m.source === 'manual' ? (
          <Popconfirm
            title={t('alerts.masks.deleteConfirm')}
            okText={t('alerts.masks.delete')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutateAsync(m.id).then(
                () => void message.success(t('alerts.masks.deleted')),
                (err: unknown) => toastError(err),
              )
            }
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="mask-delete">
              {t('alerts.masks.delete')}
            </Button>
          </Popconfirm>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('alerts.masks.derivedReadOnly')}
          </Typography.Text>
        ),
    },
  ];

  return (
    <div data-testid="alert-masks">
      <Typography.Paragraph type="secondary">{t('alerts.masks.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center" justify="space-between">
          <div style={{ width: 280 }}>
            <EmployeeSelect
              value={person?.id ?? null}
              initialOption={person}
              onChange={(_, option) => setPerson(option ?? null)}
              placeholder={t('alerts.masks.choosePerson')}
              data-testid="mask-filter-person"
            />
          </div>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="mask-add">
            {t('alerts.masks.add')}
          </Button>
        </Flex>
      </Card>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {person ? t('alerts.masks.ofPerson', { name: person.name }) : t('alerts.masks.allManual')}
      </Typography.Text>
      {masks.isError ? (
        <QueryError error={masks.error} onRetry={() => void masks.refetch()} />
      ) : (
        <Table<AlertMask>
          rowKey="id"
          size="middle"
          loading={masks.isFetching}
          dataSource={masks.data ?? []}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: masks.isPending ? ' ' : <Empty description={t('alerts.masks.empty')} />,
          }}
          data-testid="masks-table"
        />
      )}
      <MaskModal
        open={adding}
        person={person}
        onClose={(saved) => {
          setAdding(false);
          if (saved) setPerson(saved);
        }}
      />
    </div>
  );
}
