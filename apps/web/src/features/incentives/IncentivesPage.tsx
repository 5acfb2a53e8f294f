import { Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/queries';
import { BonusTab } from './BonusTab';
import { PlansTab } from './PlansTab';
import { RecommendationsTab } from './RecommendationsTab';
import { StatementsTab } from './StatementsTab';

/** 激励: bonus schemes and runs, commission plans, statements and recommendations (admin, hr; managers read). */
export function IncentivesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canWrite = me.user.role === 'admin' || me.user.role === 'hr';
  const [tab, setTab] = useState('bonus');
  return (
    <>
      <PageHeader title={t('nav.incentives')} subtitle={t('incentives.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'bonus', label: t('incentives.tabs.bonus'), children: <BonusTab canWrite={canWrite} /> },
          { key: 'plans', label: t('incentives.tabs.plans'), children: <PlansTab canWrite={canWrite} /> },
          { key: 'statements', label: t('incentives.tabs.statements'), children: <StatementsTab canExport /> },
          { key: 'recommendations', label: t('incentives.tabs.recommendations'), children: <RecommendationsTab /> },
        ]}
      />
    </>
  );
}
