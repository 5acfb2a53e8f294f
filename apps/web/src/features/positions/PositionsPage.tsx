import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { createPositionRequest, type Position, updatePositionRequest } from '@stride/contracts';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { applyFieldErrors, serverFieldErrors, zodIssuesToFields } from '../../lib/formErrors';
import { useCurrentUser } from '../auth/queries';
import { type PositionInput, usePositions, useSavePosition } from './queries';

function PositionModal({ open, position, onClose }: { open: boolean; position: Position | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PositionInput>();
  const save = useSavePosition();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFormError(null);
    form.setFieldsValue(position ?? { name: '', jobFamily: '', level: '' });
  }, [open, position, form]);

  const submit = async (v: PositionInput) => {
    setFormError(null);
    const raw = { name: v.name ?? '', jobFamily: v.jobFamily ?? '', level: v.level ?? '' };
    let body: Partial<PositionInput>;
    if (position) {
      const diff: Partial<PositionInput> = {};
      for (const k of ['name', 'jobFamily', 'level'] as const) if (raw[k].trim() !== position[k]) diff[k] = raw[k];
      if (Object.keys(diff).length === 0) {
        onClose();
        return;
      }
      const parsed = updatePositionRequest.safeParse(diff);
      if (!parsed.success) {
        applyFieldErrors(form, zodIssuesToFields(parsed.error.issues, t));
        return;
      }
      body = parsed.data;
    } else {
      const parsed = createPositionRequest.safeParse(raw);
      if (!parsed.success) {
        applyFieldErrors(form, zodIssuesToFields(parsed.error.issues, t));
        return;
      }
      body = parsed.data;
    }
    try {
      await save.mutateAsync({ id: position?.id, body });
      void message.success(position ? t('positions.updated') : t('positions.created'));
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
      title={position ? t('positions.editTitle') : t('positions.createTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      forceRender
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form<PositionInput> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('fields.name')} required>
          <Input maxLength={80} data-testid="position-name" />
        </Form.Item>
        <Form.Item name="jobFamily" label={t('fields.jobFamily')} required>
          <Input maxLength={40} data-testid="position-jobFamily" />
        </Form.Item>
        <Form.Item name="level" label={t('fields.level')} required>
          <Input maxLength={20} data-testid="position-level" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function PositionsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canManage = me.user.role === 'admin' || me.user.role === 'hr';
  const { data, isPending, error, refetch } = usePositions();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ position: Position | null } | null>(null);

  const rows = useMemo(() => {
    const term = search.trim().toLowerCase();
    const list = data ?? [];
    if (!term) return list;
    return list.filter((p) => p.name.toLowerCase().includes(term) || p.jobFamily.toLowerCase().includes(term));
  }, [data, search]);

  const families = useMemo(() => [...new Set((data ?? []).map((p) => p.jobFamily))].sort(), [data]);

  const columns: TableColumnsType<Position> = [
    { title: t('fields.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
    {
      title: t('fields.jobFamily'),
      dataIndex: 'jobFamily',
      filters: families.map((f) => ({ text: f, value: f })),
      onFilter: (value, row) => row.jobFamily === value,
      render: (v: string) => <Tag bordered={false}>{v}</Tag>,
    },
    { title: t('fields.level'), dataIndex: 'level', width: 140, sorter: (a, b) => a.level.localeCompare(b.level) },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, row) => (
        <Button type="link" icon={<EditOutlined />} onClick={() => setEditing({ position: row })}>
          {t('common.edit')}
        </Button>
      ),
    });
  }

  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  return (
    <>
      <PageHeader
        title={t('positions.title')}
        subtitle={t('positions.subtitle')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ position: null })}
              data-testid="position-new"
            >
              {t('positions.new')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('positions.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ maxWidth: 360, marginBottom: 16 }}
        />
        <Table<Position>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={isPending}
          size="middle"
          scroll={{ x: 560 }}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('positions.empty')} /> }}
          data-testid="positions-table"
        />
      </Card>
      {canManage ? (
        <PositionModal open={editing !== null} position={editing?.position ?? null} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
