import { type Readiness, readinessLevels } from '@stride/contracts';
import {
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { usePositions } from '../positions/queries';
import {
  type KeyPositionView,
  useAddCandidate,
  useCreateKeyPosition,
  useKeyPositions,
  useRemoveCandidate,
  useUpdateCandidate,
} from './queries';

function KeyPositionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ positionId: string; unitId: string; incumbentEmployeeId?: string; note?: string }>();
  const positions = usePositions(open);
  const create = useCreateKeyPosition();
  const toastError = useApiErrorToast();
  return (
    <Modal
      open={open}
      title={t('talent.succession.newKey')}
      onCancel={onClose}
      okButtonProps={{ loading: create.isPending }}
      onOk={() =>
        void form.validateFields().then((v) =>
          create.mutate(v, {
            onSuccess: () => {
              form.resetFields();
              onClose();
            },
            onError: toastError,
          }),
        )
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="positionId" label={t('talent.succession.position')} rules={[{ required: true }]}>
          <Select
            loading={positions.isPending}
            options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('talent.unit')} rules={[{ required: true }]}>
          <UnitTreeSelect />
        </Form.Item>
        <Form.Item name="incumbentEmployeeId" label={t('talent.succession.incumbent')}>
          <EmployeeSelect />
        </Form.Item>
        <Form.Item name="note" label={t('talent.succession.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CandidateModal({ keyPosition, onClose }: { keyPosition: KeyPositionView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ employeeId: string; readiness: Readiness; notes?: string }>();
  const add = useAddCandidate();
  const toastError = useApiErrorToast();
  if (!keyPosition) return null;
  return (
    <Modal
      open
      title={`${t('talent.succession.addCandidate')} · ${keyPosition.position.name}`}
      onCancel={onClose}
      okButtonProps={{ loading: add.isPending }}
      onOk={() =>
        void form
          .validateFields()
          .then((v) => add.mutate({ keyPositionId: keyPosition.id, ...v }, { onSuccess: onClose, onError: toastError }))
      }
    >
      <Form form={form} layout="vertical" initialValues={{ readiness: '1_2_years' }}>
        <Form.Item name="employeeId" label={t('talent.succession.candidate')} rules={[{ required: true }]}>
          <EmployeeSelect />
        </Form.Item>
        <Form.Item name="readiness" label={t('talent.succession.readiness')} rules={[{ required: true }]}>
          <Select
            options={readinessLevels.map((r) => ({ value: r, label: t(`talent.succession.readinessLevel.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="notes" label={t('talent.succession.notes')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 继任计划: key positions and their slates (ready now / 1–2 years / later). */
export function SuccessionTab({ isHr }: { isHr: boolean }) {
  const { t } = useTranslation();
  const keys = useKeyPositions();
  const update = useUpdateCandidate();
  const remove = useRemoveCandidate();
  const toastError = useApiErrorToast();
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState<KeyPositionView | null>(null);
  if (keys.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (keys.error) return <QueryError error={keys.error} onRetry={() => void keys.refetch()} />;
  return (
    <Flex vertical gap={12}>
      {isHr ? (
        <Flex justify="flex-end">
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('talent.succession.newKey')}
          </Button>
        </Flex>
      ) : null}
      {keys.data.length === 0 ? <Empty description={t('talent.succession.empty')} /> : null}
      {keys.data.map((k) => (
        <Card
          key={k.id}
          size="small"
          title={`${k.position.name} · ${k.unit.name}`}
          extra={
            <Button size="small" onClick={() => setAdding(k)}>
              {t('talent.succession.addCandidate')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">
            {t('talent.succession.incumbent')}: {k.incumbent?.name ?? '—'}
            {k.note ? ` · ${k.note}` : ''}
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={k.candidates}
            locale={{ emptyText: t('talent.succession.noCandidates') }}
            columns={[
              {
                title: t('talent.succession.candidate'),
                key: 'c',
                render: (_, c) => (
                  <Flex gap={4}>
                    {c.employee.name}
                    {c.inReserve ? <Tag color="green">{t('talent.succession.inReserve')}</Tag> : null}
                  </Flex>
                ),
              },
              {
                title: t('talent.succession.readiness'),
                key: 'r',
                render: (_, c) => (
                  <Select
                    size="small"
                    value={c.readiness}
                    style={{ width: 140 }}
                    onChange={(readiness) =>
                      update.mutate(
                        { id: c.id, readiness, notes: c.notes ?? undefined, version: c.version },
                        { onError: toastError },
                      )
                    }
                    options={readinessLevels.map((r) => ({
                      value: r,
                      label: t(`talent.succession.readinessLevel.${r}`),
                    }))}
                  />
                ),
              },
              { title: t('talent.succession.notes'), dataIndex: 'notes', render: (n: string | null) => n ?? '' },
              {
                title: '',
                key: 'x',
                render: (_, c) => (
                  <Popconfirm
                    title={t('talent.succession.remove')}
                    onConfirm={() => remove.mutate(c.id, { onError: toastError })}
                  >
                    <Button size="small" danger type="link">
                      {t('talent.succession.remove')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </Card>
      ))}
      <KeyPositionModal open={creating} onClose={() => setCreating(false)} />
      <CandidateModal keyPosition={adding} onClose={() => setAdding(null)} />
    </Flex>
  );
}
