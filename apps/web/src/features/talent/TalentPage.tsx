import { Card, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/queries';
import { ExitAnalysisTab } from './ExitAnalysisTab';
import { NineBoxTab } from './NineBoxTab';
import { ReserveTab } from './ReserveTab';
import { SuccessionTab } from './SuccessionTab';

/** 人才盘点: for admin and hr (the organization) and managers (the units they lead). */
export function TalentPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isHr = me.user.role === 'admin' || me.user.role === 'hr';
  const [tab, setTab] = useState('nine-box');
  return (
    <>
      <PageHeader title={t('nav.talent')} subtitle={t('talent.subtitle')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            {
              key: 'nine-box',
              label: <span data-testid="talent-tab-nine-box">{t('talent.tabs.nineBox')}</span>,
              children: <NineBoxTab isHr={isHr} />,
            },
            {
              key: 'reserve',
              label: <span data-testid="talent-tab-reserve">{t('talent.tabs.reserve')}</span>,
              children: <ReserveTab />,
            },
            {
              key: 'succession',
              label: <span data-testid="talent-tab-succession">{t('talent.tabs.succession')}</span>,
              children: <SuccessionTab isHr={isHr} />,
            },
            {
              key: 'exits',
              label: <span data-testid="talent-tab-exits">{t('talent.tabs.exits')}</span>,
              children: <ExitAnalysisTab />,
            },
          ]}
        />
      </Card>
    </>
  );
}
