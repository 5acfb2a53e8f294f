import { LinkOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Modal, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type EmployeeOption, EmployeeSelect } from '../../components/EmployeeSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDateTime } from '../../lib/format';
import { type UnmatchedEntry, useResolveUnmatched, useUnmatched } from './queries';

const entryKey = (e: UnmatchedEntry) => `${e.source}|${e.kind}|${e.value}`;

interface ResolveResult {
  entry: UnmatchedEntry;
  employee: EmployeeOption | null;
  matched: number;
}

export function UnmatchedPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const { data, isFetching, error, refetch } = useUnmatched();
  const resolve = useResolveUnmatched();
  const [target, setTarget] = useState<UnmatchedEntry | null>(null);
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [employee, setEmployee] = useState<EmployeeOption | null>(null);
  const [result, setResult] = useState<ResolveResult | null>(null);

  const close = () => {
    setTarget(null);
    setEmployeeId(null);
    setEmployee(null);
  };

  const submit = () => {
    if (!target || !employeeId) return;
    resolve.mutate(
      { source: target.source, kind: target.kind, value: target.value, employeeId },
      {
        onSuccess: (res) => {
          setResult({ entry: target, employee, matched: res.matched });
          void message.success(t('unmatched.matched', { count: res.matched }));
          close();
          void refetch();
        },
        onError: toastError,
      },
    );
  };

  const columns: TableColumnsType<UnmatchedEntry> = [
    { title: t('unmatched.source'), dataIndex: 'source', width: 130, render: (v: string) => <Tag>{v}</Tag> },
    {
      title: t('unmatched.kind'),
      dataIndex: 'kind',
      width: 150,
      render: (v: string) => t(`unmatched.kinds.${v}`, { defaultValue: v }),
    },
    {
      title: t('unmatched.value'),
      dataIndex: 'value',
      render: (v: string) => (
        <Typography.Text className="stride-mono" copyable data-testid="unmatched-value">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('unmatched.activities'),
      dataIndex: 'activities',
      width: 110,
      align: 'right',
      sorter: (a, b) => a.activities - b.activities,
    },
    {
      title: t('unmatched.firstSeen'),
      dataIndex: 'firstSeen',
      width: 180,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('unmatched.lastSeen'),
      dataIndex: 'lastSeen',
      width: 180,
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.lastSeen.localeCompare(b.lastSeen),
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      fixed: 'right',
      render: (_, row) => (
        <Button size="small" icon={<LinkOutlined />} onClick={() => setTarget(row)} data-testid="unmatched-map">
          {t('unmatched.mapTo')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('unmatched.title')}
        subtitle={t('unmatched.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} loading={isFetching}>
            {t('common.refresh')}
          </Button>
        }
      />
      {result ? (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setResult(null) }}
          style={{ marginBottom: 16 }}
          data-testid="unmatched-result"
          title={t('unmatched.matched', { count: result.matched })}
          description={
            result.employee ? (
              <span>
                {t('unmatched.mappedTo', { value: result.entry.value, source: result.entry.source })}{' '}
                <Link to={`/people/${result.employee.id}?tab=metrics`}>{result.employee.name}</Link>
              </span>
            ) : null
          }
        />
      ) : null}
      <Card styles={{ body: { padding: 0 } }}>
        {error && !data ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<UnmatchedEntry>
            rowKey={entryKey}
            columns={columns}
            dataSource={data ?? []}
            loading={isFetching}
            pagination={(data?.length ?? 0) > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 1000 }}
            data-testid="unmatched-table"
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    <>
                      <Typography.Text strong>{t('unmatched.empty')}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary">{t('unmatched.emptySub')}</Typography.Text>
                    </>
                  }
                />
              ),
            }}
          />
        )}
      </Card>

      <Modal
        open={Boolean(target)}
        title={t('unmatched.mapTitle')}
        onCancel={close}
        onOk={submit}
        okText={t('unmatched.mapOk')}
        okButtonProps={{ disabled: !employeeId, loading: resolve.isPending, 'data-testid': 'unmatched-map-ok' }}
        destroyOnHidden
      >
        {target ? (
          <>
            <Typography.Paragraph>
              {t('unmatched.mapIntro', {
                source: target.source,
                kind: t(`unmatched.kinds.${target.kind}`),
                value: target.value,
                count: target.activities,
              })}
            </Typography.Paragraph>
            <Form layout="vertical">
              <Form.Item label={t('unmatched.person')} required>
                <EmployeeSelect
                  value={employeeId}
                  onChange={(v, option) => {
                    setEmployeeId(v);
                    setEmployee(option ?? null);
                  }}
                  data-testid="unmatched-employee"
                />
              </Form.Item>
            </Form>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('unmatched.mapHint')}
            </Typography.Text>
          </>
        ) : null}
      </Modal>
    </>
  );
}
