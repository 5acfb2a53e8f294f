import { PlusOutlined } from '@ant-design/icons';
import type { ImportKind, ImportResult } from '@stride/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Progress, Result, Spin, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryError } from '../../components/QueryError';
import type { ImportSession } from './ImportsPage';
import { importsKey, useImportView } from './queries';

type Count = 'created' | 'updated' | 'duplicates' | 'unmatched' | 'skipped' | 'failedCount';

const countsByKind: Record<ImportKind, Count[]> = {
  activities: ['created', 'updated', 'duplicates', 'unmatched', 'skipped', 'failedCount'],
  people: ['created', 'skipped', 'failedCount'],
  metric_values: ['created', 'updated', 'skipped', 'failedCount'],
  targets: ['created', 'updated', 'duplicates', 'skipped', 'failedCount'],
};

/** Follow-up pages per kind. */
function NextLinks({ kind, result }: { kind: ImportKind; result: ImportResult }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Flex gap={8} wrap justify="center">
      {kind === 'people' ? (
        <Button onClick={() => navigate('/people')} data-testid="import-link-people">
          {t('imports.commit.toPeople')}
        </Button>
      ) : kind === 'targets' ? (
        <Button onClick={() => navigate('/targets')} data-testid="import-link-targets">
          {t('imports.commit.toTargets')}
        </Button>
      ) : (
        <Button onClick={() => navigate('/team-metrics')} data-testid="import-link-metrics">
          {t('imports.commit.toMetrics')}
        </Button>
      )}
      {kind === 'activities' && result.unmatched > 0 ? (
        <Button onClick={() => navigate('/unmatched')} data-testid="import-link-unmatched">
          {t('imports.commit.toUnmatched')}
        </Button>
      ) : null}
    </Flex>
  );
}

/** Step 4: the commit's progress (polled every second) and then its result. */
export function CommitStep({ session, onNew }: { session: ImportSession; onNew: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: view, error, refetch } = useImportView(session.id);
  const status = view?.status;
  const finished = status === 'committed' || status === 'failed';

  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: [...importsKey, 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['employees'] });
    void queryClient.invalidateQueries({ queryKey: ['org-units'] });
    void queryClient.invalidateQueries({ queryKey: ['activities'] });
    void queryClient.invalidateQueries({ queryKey: ['metric-values'] });
    void queryClient.invalidateQueries({ queryKey: ['targets'] });
  }, [finished, queryClient]);

  if (error && !view) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!view) return <Spin style={{ display: 'block', margin: '48px auto' }} />;

  const { processed, total } = view.progress;
  const percent = total > 0 ? Math.min(100, Math.floor((processed / total) * 100)) : finished ? 100 : 0;
  const result = view.result;

  const progress = (
    <div style={{ width: '100%', maxWidth: 560, margin: '0 auto' }} data-testid="import-progress">
      <Progress
        percent={status === 'committed' ? 100 : percent}
        status={status === 'failed' ? 'exception' : status === 'committed' ? 'success' : 'active'}
      />
      <Typography.Text type="secondary" data-testid="import-progress-text">
        {t('imports.commit.progress', { processed, total })}
      </Typography.Text>
    </div>
  );

  if (!finished || !result) {
    return (
      <Result
        style={{ width: '100%' }}
        icon={<Spin size="large" />}
        title={t('imports.commit.running')}
        subTitle={session.filename}
        extra={progress}
      />
    );
  }

  const failedOk = status === 'committed';
  return (
    <>
      <Result
        status={failedOk ? (result.failedCount > 0 ? 'warning' : 'success') : 'error'}
        title={failedOk ? t('imports.commit.done') : t('imports.commit.failed')}
        subTitle={
          failedOk
            ? t('imports.commit.doneSub', { filename: view.filename })
            : (result.error?.message ?? t('errors.generic'))
        }
        extra={
          <Flex vertical gap={20} align="stretch">
            {progress}
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, sm: 2, md: 3 }}
              data-testid="import-result"
              items={countsByKind[view.kind].map((c) => ({
                key: c,
                label: t(`imports.commit.${c}`),
                children: (
                  <Typography.Text strong data-testid={`import-result-${c}`}>
                    {result[c]}
                  </Typography.Text>
                ),
              }))}
            />
            {view.kind === 'activities' && result.unmatched > 0 ? (
              <Alert type="warning" showIcon title={t('imports.commit.unmatchedHint', { count: result.unmatched })} />
            ) : null}
            <NextLinks kind={view.kind} result={result} />
            <div>
              <Button type="primary" icon={<PlusOutlined />} onClick={onNew} data-testid="import-new">
                {t('imports.commit.newImport')}
              </Button>
            </div>
          </Flex>
        }
      />
      {result.failed.length > 0 ? (
        <>
          <Typography.Title level={5}>{t('imports.commit.failedRows')}</Typography.Title>
          <Table
            rowKey={(r) => `${r.row}-${r.field}-${r.code}`}
            size="small"
            dataSource={result.failed}
            pagination={result.failed.length > 20 ? { pageSize: 20 } : false}
            columns={[
              { title: t('imports.preview.row'), dataIndex: 'row', width: 80 },
              { title: t('imports.preview.problems'), dataIndex: 'message' },
            ]}
          />
        </>
      ) : null}
    </>
  );
}
