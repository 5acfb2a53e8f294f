import type { CycleView } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { AppealTag } from './bits';
import { gradesOfScale } from './format';
import { type Appeal, useAppeals, useDecideAppeal } from './queries';

interface DecideValues {
  outcome?: 'upheld' | 'rejected';
  newGrade?: string;
  decision?: string;
}

/** HR decides an appeal: upheld with the grade in force from now on, or rejected; both with a written decision. */
function DecideAppealModal({
  appeal,
  grades,
  onClose,
}: {
  appeal: Appeal | null;
  grades: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecideValues>();
  const decide = useDecideAppeal();
  const [formError, setFormError] = useState<string | null>(null);
  const outcome = Form.useWatch('outcome', form);
  const d = (k: string, o?: Record<string, unknown>) => t(`reviews.appeals.decide.${k}`, o);

  useEffect(() => {
    if (!appeal) return;
    form.resetFields();
    form.setFieldsValue({ outcome: undefined, newGrade: undefined, decision: '' });
    setFormError(null);
  }, [appeal, form]);

  const submit = async (v: DecideValues) => {
    if (!appeal || !v.outcome) return;
    setFormError(null);
    try {
      await decide.mutateAsync({
        appealId: appeal.id,
        outcome: v.outcome,
        decision: v.decision?.trim() ?? '',
        newGrade: v.outcome === 'upheld' ? v.newGrade : undefined,
      });
      void message.success(d('saved'));
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        const fields = serverFieldErrors(err).filter((f) => ['outcome', 'newGrade', 'decision'].includes(f.name));
        applyFieldErrors(form, fields);
        if (fields.length === 0) setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Modal
      open={appeal !== null}
      title={d('title', { name: appeal?.employee.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={d('save')}
      okButtonProps={{ loading: decide.isPending, 'data-testid': 'decide-save' } as ButtonProps}
      forceRender
    >
      <div data-testid="decide-modal">
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
        {appeal ? (
          <div style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">
              {d('currentGrade')} <Typography.Text strong>{appeal.grade ?? '—'}</Typography.Text>
            </Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }}>
              <Typography.Text type="secondary">{d('reason')}</Typography.Text>
              {appeal.reason}
            </Typography.Paragraph>
          </div>
        ) : null}
        <Form<DecideValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="outcome" label={d('outcome')} rules={[{ required: true, message: d('outcomeRequired') }]}>
            <Radio.Group
              options={[
                { value: 'upheld', label: d('upheld') },
                { value: 'rejected', label: d('rejected') },
              ]}
              data-testid="decide-outcome"
            />
          </Form.Item>
          {outcome === 'upheld' ? (
            <Form.Item
              name="newGrade"
              label={d('newGrade')}
              extra={d('newGradeHelp')}
              rules={[{ required: true, message: d('newGradeRequired') }]}
            >
              <Select options={grades.map((g) => ({ value: g, label: g }))} data-testid="decide-grade" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="decision"
            label={d('decision')}
            extra={d('decisionHelp')}
            rules={[{ required: true, whitespace: true, message: d('decisionRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="decide-text" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

/** Appeals of the cycle's people; HR decides the open ones. */
export function AppealsTab({ cycle, canDecide }: { cycle: CycleView; canDecide: boolean }) {
  const { t } = useTranslation();
  const list = useAppeals(cycle.id);
  const [deciding, setDeciding] = useState<Appeal | null>(null);
  const a = (k: string) => t(`reviews.appeals.${k}`);

  const columns: TableColumnsType<Appeal> = [
    {
      title: t('reviews.common.person'),
      key: 'person',
      render: (_, r) => (
        <Link to={`/review-participants/${r.participantId}`} data-testid="appeal-person">
          {r.employee.name}
        </Link>
      ),
    },
    { title: a('grade'), dataIndex: 'grade', align: 'center', render: (v: string | null) => v ?? '—' },
    {
      title: a('reason'),
      dataIndex: 'reason',
      render: (v: string) => (
        <Typography.Paragraph
          style={{ marginBottom: 0, maxWidth: 320, whiteSpace: 'pre-wrap' }}
          ellipsis={{ rows: 3, expandable: true }}
        >
          {v}
        </Typography.Paragraph>
      ),
    },
    { title: a('status'), key: 'status', render: (_, r) => <AppealTag status={r.status} /> },
    {
      title: a('decision'),
      key: 'decision',
      render: (_, r) =>
        r.decision ? (
          <div style={{ maxWidth: 320 }}>
            {r.newGrade ? (
              <Typography.Text strong>{t('reviews.appeals.newGradeIs', { grade: r.newGrade })} </Typography.Text>
            ) : null}
            <Typography.Paragraph
              style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
              ellipsis={{ rows: 3, expandable: true }}
            >
              {r.decision}
            </Typography.Paragraph>
          </div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: a('createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    { title: a('decidedAt'), dataIndex: 'decidedAt', render: (v: string | null) => formatDateTime(v) },
    ...(canDecide
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: Appeal) =>
              r.status === 'open' ? (
                <Button type="link" size="small" onClick={() => setDeciding(r)} data-testid="appeal-decide">
                  {a('decideAction')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <div data-testid="appeals-tab">
      <Table<Appeal>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={a('empty')} /> }}
        data-testid="appeals-table"
      />
      <DecideAppealModal appeal={deciding} grades={gradesOfScale(cycle.gradeScale)} onClose={() => setDeciding(null)} />
    </div>
  );
}
