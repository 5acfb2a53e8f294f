import type { PlanStatus } from '@stride/contracts';
import { Alert, Button, Card, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCurrentUser } from '../auth/queries';
import { CreatePlanModal } from './CreatePlanModal';
import { PlansTable } from './PlansTable';
import { usePlans } from './queries';

type Filter = 'open' | 'ended' | 'all';
const ended: PlanStatus[] = ['passed', 'failed', 'cancelled'];

/** Improvement plans (改进计划): HR the organization, managers their people; `mine`: a person's own and those they coach. */
export function PlansPage({ mine = false }: { mine?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const canCreate = !mine && me.user.role !== 'employee';
  const [filter, setFilter] = useState<Filter>('open');
  const [creating, setCreating] = useState(false);
  const list = usePlans(undefined);
  const rows = (list.data ?? []).filter((p) =>
    filter === 'all' ? true : filter === 'ended' ? ended.includes(p.status) : !ended.includes(p.status),
  );

  return (
    <div data-testid="plans-page">
      <PageHeader
        title={mine ? t('nav.myPlans') : t('nav.plans')}
        subtitle={mine ? t('plans.mineSubtitle') : t('plans.subtitle')}
        extra={
          canCreate ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="plans-create">
              {t('plans.create')}
            </Button>
          ) : null
        }
      />
      {!mine ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('plans.humanDecision')} /> : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={(['open', 'ended', 'all'] as const).map((f) => ({ value: f, label: t(`plans.filters.${f}`) }))}
          data-testid="plans-filter"
        />
      </Card>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <PlansTable rows={rows} loading={list.isPending} />
      )}
      {canCreate ? (
        <CreatePlanModal
          open={creating}
          source="manual"
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/plans/${id}`);
          }}
        />
      ) : null}
    </div>
  );
}
