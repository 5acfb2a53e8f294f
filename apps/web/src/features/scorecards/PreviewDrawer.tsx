import type { ScorecardPreview, ScorecardTemplateSummary } from '@stride/contracts';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { usePreview } from './queries';

type Row = ScorecardPreview['indicators'][0];

function periodStartOf(d: Dayjs, type: 'month' | 'quarter'): string {
  const month = type === 'quarter' ? Math.floor(d.month() / 3) * 3 : d.month();
  return `${d.year()}-${String(month + 1).padStart(2, '0')}-01`;
}

/** Scores a sample person with the template before any cycle exists; nothing is stored. */
export function PreviewDrawer({
  template,
  onClose,
}: {
  template: ScorecardTemplateSummary | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toastError = useApiErrorToast();
  const preview = usePreview();
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [periodType, setPeriodType] = useState<'month' | 'quarter'>('month');
  const [period, setPeriod] = useState<Dayjs | null>(null);
  const result = preview.data;
  const p = (k: string, o?: Record<string, unknown>) => t(`scorecards.previewPanel.${k}`, o);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new template starts a new preview
  useEffect(() => preview.reset(), [template?.id]);

  const run = () => {
    if (!template || !employeeId || !period) return;
    preview.mutate(
      { id: template.id, body: { employeeId, periodType, periodStart: periodStartOf(period, periodType) } },
      { onError: toastError },
    );
  };

  return (
    <Drawer
      open={template !== null}
      onClose={onClose}
      width={960}
      destroyOnHidden
      data-testid="template-preview-drawer"
      title={p('title', { name: template?.name ?? '' })}
    >
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={p('person')}>
          <EmployeeSelect value={employeeId} onChange={(v) => setEmployeeId(v)} data-testid="preview-person" />
        </Form.Item>
        <Form.Item label={p('periodType')}>
          <Select
            value={periodType}
            onChange={setPeriodType}
            style={{ width: 100 }}
            options={(['month', 'quarter'] as const).map((v) => ({ value: v, label: p(v) }))}
          />
        </Form.Item>
        <Form.Item label={p('period')}>
          <DatePicker picker={periodType} value={period} onChange={setPeriod} data-testid="preview-period" />
        </Form.Item>
        <Button
          type="primary"
          onClick={run}
          loading={preview.isPending}
          disabled={!employeeId || !period}
          data-testid="preview-run"
        >
          {p('run')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary">{p('hint')}</Typography.Paragraph>
      {result ? (
        <>
          <Flex gap={48} style={{ marginBottom: 16 }}>
            <Statistic
              title={p('total')}
              value={result.total}
              suffix={`/ ${result.maxTotal}`}
              data-testid="preview-total"
            />
            <div>
              <Typography.Text type="secondary">{p('grade')}</Typography.Text>
              <div data-testid="preview-grade" style={{ fontSize: 24 }}>
                {result.grade ? (
                  <>
                    <Tag color="blue" style={{ fontSize: 20, padding: '4px 10px' }}>
                      {result.grade.grade}
                    </Tag>
                    <Typography.Text type="secondary">
                      {p('coefficient', { value: result.grade.bonusCoefficient })}
                    </Typography.Text>
                  </>
                ) : (
                  <Typography.Text type="secondary">{p('noGrade')}</Typography.Text>
                )}
              </div>
            </div>
          </Flex>
          {result.missing.length ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={p('missingCount', { count: result.missing.length })}
            />
          ) : null}
          <Descriptions size="small" column={4} style={{ marginBottom: 12 }}>
            {result.dimensions.map((d) => (
              <Descriptions.Item key={d.key} label={`${d.name} (${d.weight})`}>
                {d.score} → {d.contribution}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Table<Row>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={result.indicators}
            data-testid="preview-indicators"
            columns={[
              { title: p('indicator'), render: (_, r) => r.name ?? r.key },
              {
                title: p('dimension'),
                render: (_, r) => result.dimensions.find((d) => d.key === r.dimension)?.name ?? r.dimension,
              },
              { title: p('actual'), dataIndex: 'actual', render: (v: string | null) => v ?? '—' },
              {
                title: p('target'),
                render: (_, r) =>
                  r.target === null ? (
                    '—'
                  ) : (
                    <span>
                      {r.target} {r.targetSource === 'personal' ? <Tag>{p('personalTarget')}</Tag> : null}
                    </span>
                  ),
              },
              { title: p('score'), dataIndex: 'score', align: 'right' },
              { title: p('weight'), dataIndex: 'weight', align: 'right' },
              { title: p('contribution'), dataIndex: 'contribution', align: 'right' },
              {
                title: p('missing'),
                render: (_, r) => (r.missing ? <Tag color="orange">{p(`reasons.${r.missing}`)}</Tag> : null),
              },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
