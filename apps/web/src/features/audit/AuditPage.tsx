import { ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditEvent } from '@stride/contracts';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useCursorPaging } from '../../components/useCursorPaging';
import { formatDateTime } from '../../lib/format';
import { type AuditListParams, useAuditEvents, useVerifyAudit } from './queries';

interface FilterValues {
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

type Filters = Omit<AuditListParams, 'cursor' | 'limit'>;

function actionColor(action: string): string {
  if (action.includes('reveal')) return 'gold';
  if (action.includes('delete') || action.includes('fail')) return 'red';
  if (action.includes('create')) return 'green';
  if (action.includes('update') || action.includes('change') || action.includes('reset')) return 'blue';
  if (action.startsWith('auth')) return 'purple';
  return 'default';
}

function JsonBlock({ value }: { value: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  if (!value || Object.keys(value).length === 0)
    return <Typography.Text type="secondary">{t('audit.noData')}</Typography.Text>;
  return <pre className="stride-json stride-mono">{JSON.stringify(value, null, 2)}</pre>;
}

function EventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <div style={{ padding: '4px 8px' }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('audit.seq')}>{event.seq}</Descriptions.Item>
        <Descriptions.Item label={t('audit.ip')}>{event.ip ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('audit.hash')}>
          <Typography.Text className="stride-mono" copyable ellipsis style={{ maxWidth: 240 }}>
            {event.hash}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <div style={{ marginTop: 6 }}>
            <JsonBlock value={event.before} />
          </div>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <div style={{ marginTop: 6 }}>
            <JsonBlock value={event.after} />
          </div>
        </Col>
      </Row>
    </div>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [limit, setLimit] = useState(20);
  const paging = useCursorPaging(JSON.stringify({ filters, limit }));
  const { data, isFetching, error, refetch } = useAuditEvents({ ...filters, limit, cursor: paging.cursor });
  const verify = useVerifyAudit();
  const toastError = useApiErrorToast();

  const apply = (v: FilterValues) => {
    const [from, to] = v.range ?? [null, null];
    setFilters({
      action: v.action?.trim() || undefined,
      entityType: v.entityType?.trim() || undefined,
      entityId: v.entityId?.trim() || undefined,
      from: from ? from.toISOString() : undefined,
      to: to ? to.toISOString() : undefined,
    });
  };

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.time'), dataIndex: 'at', width: 190, render: (v: string) => formatDateTime(v) },
    {
      title: t('audit.actor'),
      dataIndex: 'actor',
      width: 140,
      render: (v: AuditEvent['actor']) =>
        v ? v.username : <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 200,
      render: (v: string) => (
        <Tag color={actionColor(v)} className="stride-mono">
          {v}
        </Tag>
      ),
    },
    {
      title: t('audit.entityType'),
      key: 'entity',
      render: (_, row) => (
        <div>
          <Typography.Text>{row.entityType}</Typography.Text>
          {row.entityId ? (
            <Typography.Text type="secondary" className="stride-mono" style={{ display: 'block', fontSize: 12 }}>
              {row.entityId}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      width: 200,
      render: (v: string | null) =>
        v ? (
          <Typography.Text className="stride-mono" copyable ellipsis style={{ maxWidth: 180, fontSize: 12 }}>
            {v}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  const verifyResult = verify.data;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate(undefined, { onError: toastError })}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        }
      />
      {verifyResult ? (
        <Alert
          type={verifyResult.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          style={{ marginBottom: 16 }}
          data-testid="audit-verify-result"
          title={
            verifyResult.ok
              ? t('audit.verifyOk', { checked: verifyResult.checked })
              : t('audit.verifyBroken', { seq: verifyResult.firstBrokenSeq ?? '?', checked: verifyResult.checked })
          }
        />
      ) : null}
      <Card>
        <Form<FilterValues> form={form} layout="vertical" onFinish={apply}>
          <Row gutter={12}>
            <Col xs={24} sm={12} lg={5}>
              <Form.Item name="action" label={t('audit.action')}>
                <Input allowClear placeholder={t('audit.actionPlaceholder')} maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item name="entityType" label={t('audit.entityType')}>
                <Input allowClear placeholder={t('audit.entityTypePlaceholder')} maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <Form.Item name="entityId" label={t('audit.entityId')}>
                <Input allowClear maxLength={64} className="stride-mono" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={10}>
              <Form.Item name="range" label={t('audit.dateRange')}>
                <DatePicker.RangePicker showTime allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Flex gap={8} style={{ marginBottom: 16 }}>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
          </Flex>
        </Form>
        {error && !data ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <>
            <Table<AuditEvent>
              rowKey="id"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={isFetching}
              pagination={false}
              size="middle"
              scroll={{ x: 900 }}
              expandable={{ expandedRowRender: (row) => <EventDetails event={row} /> }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} /> }}
              data-testid="audit-table"
            />
            <CursorPager
              total={data?.total}
              page={paging.page}
              pageSize={limit}
              hasPrevious={paging.hasPrevious}
              hasNext={Boolean(data?.nextCursor)}
              loading={isFetching}
              onPrevious={paging.previous}
              onNext={() => paging.next(data?.nextCursor)}
              onPageSizeChange={setLimit}
            />
          </>
        )}
      </Card>
    </>
  );
}
