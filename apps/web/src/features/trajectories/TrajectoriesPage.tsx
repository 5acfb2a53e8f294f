import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { CohortCurvesPanel } from './CohortCurvesPanel';
import { TeamTrajectoriesPanel } from './TeamTrajectoriesPanel';

/** 成长轨迹 for HR, admin and managers: cohort curves by months since hire, and a team side by side. */
export function TrajectoriesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'team' ? 'team' : 'cohort';
  return (
    <div data-testid="trajectories-page">
      <PageHeader title={t('insights.page.title')} subtitle={t('insights.page.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'team' ? { tab: 'team' } : {}, { replace: true })}
        destroyOnHidden
        items={[
          {
            key: 'cohort',
            label: <span data-testid="tab-cohort">{t('insights.page.tabCohort')}</span>,
            children: <CohortCurvesPanel />,
          },
          {
            key: 'team',
            label: <span data-testid="tab-team">{t('insights.page.tabTeam')}</span>,
            children: <TeamTrajectoriesPanel />,
          },
        ]}
      />
    </div>
  );
}
