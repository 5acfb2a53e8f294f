import type { EmploymentActionKind, EmploymentActionStatus } from '@stride/contracts';
import { employmentActionKinds, employmentActionStatuses } from '@stride/contracts';
import { Button, Card, Flex, Select, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { EmploymentActionModal } from './EmploymentActionModal';
import { EmploymentActionsTable } from './EmploymentActionsTable';
import { useEmploymentActions } from './queries';

type View = 'awaiting' | 'all';

/** 人事异动: actions awaiting the caller's decision, and all in the caller's scope with filters. */
export function EmploymentActionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'all' ? 'all' : 'awaiting';
  const [kind, setKind] = useState<EmploymentActionKind | undefined>();
  const [status, setStatus] = useState<EmploymentActionStatus | undefined>();
  const [employeeId, setEmployeeId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const awaiting = useEmploymentActions({ awaitingMe: true });
  const all = useEmploymentActions({ kind, status, employeeId }, view === 'all');
  const list = view === 'awaiting' ? awaiting : all;

  return (
    <div data-testid="employment-page">
      <PageHeader
        title={t('employment.title')}
        subtitle={t('employment.subtitle')}
        extra={
          <Button type="primary" onClick={() => setCreating(true)} data-testid="employment-create">
            {t('employment.create')}
          </Button>
        }
      />
      <Tabs
        activeKey={view}
        onChange={(key) => {
          const next = new URLSearchParams(params);
          if (key === 'all') next.set('view', 'all');
          else next.delete('view');
          setParams(next, { replace: true });
        }}
        items={[
          {
            key: 'awaiting',
            label: (
              <span data-testid="employment-tab-awaiting">
                {t('employment.tabs.awaiting')}
                {awaiting.data?.length ? ` (${awaiting.data.length})` : ''}
              </span>
            ),
          },
          { key: 'all', label: <span data-testid="employment-tab-all">{t('employment.tabs.all')}</span> },
        ]}
      />
      {view === 'all' ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Flex gap={12} wrap>
            <Select<EmploymentActionKind>
              allowClear
              placeholder={t('employment.filters.kind')}
              value={kind}
              onChange={(v) => setKind(v ?? undefined)}
              options={employmentActionKinds.map((k) => ({ value: k, label: t(`employment.kinds.${k}`) }))}
              style={{ width: 160 }}
              data-testid="employment-filter-kind"
            />
            <Select<EmploymentActionStatus>
              allowClear
              placeholder={t('employment.filters.status')}
              value={status}
              onChange={(v) => setStatus(v ?? undefined)}
              options={employmentActionStatuses.map((s) => ({ value: s, label: t(`employment.statuses.${s}`) }))}
              style={{ width: 160 }}
              data-testid="employment-filter-status"
            />
            <div style={{ width: 240 }}>
              <EmployeeSelect
                value={employeeId ?? null}
                onChange={(v) => setEmployeeId(v ?? undefined)}
                placeholder={t('employment.filters.person')}
                data-testid="employment-filter-person"
              />
            </div>
          </Flex>
        </Card>
      ) : null}
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <EmploymentActionsTable
          rows={list.data}
          loading={list.isPending}
          testId={view === 'awaiting' ? 'employment-awaiting-table' : 'employment-table'}
        />
      )}
      <EmploymentActionModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          navigate(`/employment-actions/${id}`);
        }}
      />
    </div>
  );
}
