import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { type CityWage, saveCityWageRequest } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { applyFieldErrors, serverFieldErrors, translateIssue } from '../../lib/formErrors';
import { cityLabel, formatMoneyText } from './format';
import { useCityWages, useDeleteCityWage, useSaveCityWage } from './queries';

interface FormValues {
  city?: string;
  year?: number | null;
  averageMonthlyWage?: string;
  source?: string;
  publishedOn?: Dayjs | null;
}

const ownCodes = new Set(['AMOUNT_INVALID', 'AMOUNT_NOT_POSITIVE', 'CITY_INVALID']);

/** Add or correct the organization's figure for a city and year (the same city and year replaces it). */
function CityWageModal({ initial, onClose }: { initial: Partial<CityWage> | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveCityWage();
  const [formError, setFormError] = useState<string | null>(null);
  const open = initial !== null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFormError(null);
    form.setFieldsValue({
      city: initial?.city ?? '',
      year: initial?.year ?? dayjs().year() - 1,
      averageMonthlyWage: initial?.averageMonthlyWage ?? '',
      source: initial?.scope === 'org' ? (initial.source ?? '') : '',
      publishedOn: initial?.scope === 'org' && initial.publishedOn ? dayjs(initial.publishedOn) : null,
    });
  }, [open, initial, form]);

  const submit = async (v: FormValues) => {
    setFormError(null);
    const body = {
      city: v.city ?? '',
      year: v.year ?? undefined,
      averageMonthlyWage: (v.averageMonthlyWage ?? '').trim(),
      source: v.source?.trim() || undefined,
      publishedOn: v.publishedOn ? v.publishedOn.format('YYYY-MM-DD') : undefined,
    };
    const parsed = saveCityWageRequest.safeParse(body);
    if (!parsed.success) {
      applyFieldErrors(
        form,
        parsed.error.issues.map((issue) => {
          const field = String(issue.path[0] ?? '');
          const empty = body[field as keyof typeof body] === '' || body[field as keyof typeof body] === undefined;
          const text = empty
            ? t('validation.required')
            : ownCodes.has(issue.message)
              ? t(`calculators.validation.${issue.message}`)
              : field === 'year'
                ? t('calculators.cityWages.yearInvalid')
                : translateIssue(field, issue, t);
          return { name: field, errors: [text] };
        }),
      );
      return;
    }
    try {
      await save.mutateAsync(body as typeof parsed.data);
      void message.success(t('calculators.cityWages.saved'));
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        applyFieldErrors(form, serverFieldErrors(err));
        setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Modal
      open={open}
      title={initial?.scope === 'org' ? t('calculators.cityWages.editTitle') : t('calculators.cityWages.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'city-wage-save' } as ButtonProps}
      forceRender
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof FormValues, errors: [] })))
        }
      >
        <Form.Item
          name="city"
          label={t('calculators.cityWages.cityCode')}
          extra={t('calculators.cityWages.cityCodeHint')}
          required
        >
          <Input maxLength={40} autoComplete="off" data-testid="city-wage-city" />
        </Form.Item>
        <Form.Item name="year" label={t('calculators.cityWages.year')} required>
          <InputNumber min={1990} max={2100} precision={0} style={{ width: '100%' }} data-testid="city-wage-year" />
        </Form.Item>
        <Form.Item name="averageMonthlyWage" label={t('calculators.cityWages.average')} required>
          <Input inputMode="decimal" autoComplete="off" maxLength={20} prefix="¥" data-testid="city-wage-average" />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('calculators.cityWages.source')}
          extra={t('calculators.cityWages.sourceHint')}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="publishedOn" label={t('calculators.cityWages.publishedOn')}>
          <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Local average monthly wages (社平工资) by city and year: read by calculator users, maintained by admin and hr. */
export function CityWagesPanel({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const wages = useCityWages();
  const remove = useDeleteCityWage();
  const [editing, setEditing] = useState<Partial<CityWage> | null>(null);

  const columns: TableColumnsType<CityWage> = [
    {
      title: t('calculators.cityWages.city'),
      dataIndex: 'city',
      render: (city: string) => (
        <span>
          {cityLabel(city, t)} <Typography.Text type="secondary">{city}</Typography.Text>
        </span>
      ),
    },
    { title: t('calculators.cityWages.year'), dataIndex: 'year', width: 90 },
    {
      title: t('calculators.cityWages.average'),
      dataIndex: 'averageMonthlyWage',
      align: 'right',
      width: 150,
      render: (v: string, row) => <Typography.Text delete={row.isOverridden}>¥{formatMoneyText(v)}</Typography.Text>,
    },
    {
      title: t('calculators.cityWages.scope'),
      key: 'scope',
      width: 190,
      render: (_, row) => (
        <Flex gap={4} wrap>
          <Tag color={row.scope === 'org' ? 'blue' : 'default'}>
            {row.scope === 'org' ? t('calculators.cityWages.scopeOrg') : t('calculators.cityWages.scopeShipped')}
          </Tag>
          {row.isOverridden ? <Tag color="orange">{t('calculators.cityWages.overridden')}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t('calculators.cityWages.source'),
      dataIndex: 'source',
      render: (v: string | null, row) => (
        <Typography.Text type="secondary">
          {v ?? '—'}
          {row.publishedOn ? ` · ${row.publishedOn}` : ''}
        </Typography.Text>
      ),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, row) => (
        <Flex gap={4}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(row)}>
            {row.scope === 'org' ? t('calculators.cityWages.correct') : t('calculators.cityWages.override')}
          </Button>
          {row.scope === 'org' ? (
            <Popconfirm
              title={t('calculators.cityWages.deleteConfirm', { city: cityLabel(row.city, t), year: row.year })}
              okText={t('calculators.cityWages.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, loading: remove.isPending }}
              onConfirm={() =>
                remove.mutateAsync(row.id).then(
                  () => void message.success(t('calculators.cityWages.deleted')),
                  (err: unknown) => toastError(err),
                )
              }
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                {t('calculators.cityWages.delete')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      ),
    });
  }

  if (wages.error) return <QueryError error={wages.error} onRetry={() => void wages.refetch()} />;

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">
          {canManage ? t('calculators.cityWages.hint') : t('calculators.cityWages.readOnly')}
        </Typography.Text>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="city-wage-new">
            {t('calculators.cityWages.new')}
          </Button>
        ) : null}
      </Flex>
      <Table<CityWage>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={wages.data ?? []}
        loading={wages.isPending}
        scroll={{ x: 820 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calculators.cityWages.empty')} />,
        }}
        data-testid="city-wages-table"
      />
      {canManage ? <CityWageModal initial={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
