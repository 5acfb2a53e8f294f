import type { SeveranceResponse } from '@stride/contracts';
import { Card, Col, Row, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/queries';
import { CityWagesPanel } from './CityWagesPanel';
import { SeveranceForm } from './SeveranceForm';
import { SeveranceResult } from './SeveranceResult';

/** 补偿金计算器: severance, pay in lieu of notice and the unlawful-termination comparison; city figures on a tab. */
export function SeveranceCalculatorPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canManage = me.user.role === 'admin' || me.user.role === 'hr';
  const [result, setResult] = useState<SeveranceResponse | null>(null);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'city-wages' ? 'city-wages' : 'calculator';

  return (
    <>
      <PageHeader title={t('calculators.severance.title')} subtitle={t('calculators.severance.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(params);
          if (key === 'city-wages') next.set('tab', key);
          else next.delete('tab');
          setParams(next, { replace: true });
        }}
        items={[
          {
            key: 'calculator',
            label: <span data-testid="tab-severance">{t('calculators.severance.tabCalculator')}</span>,
            children: (
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={8}>
                  <SeveranceForm onResult={setResult} />
                </Col>
                <Col xs={24} xl={16}>
                  <SeveranceResult result={result} />
                </Col>
              </Row>
            ),
          },
          {
            key: 'city-wages',
            label: <span data-testid="tab-city-wages">{t('calculators.severance.tabCityWages')}</span>,
            children: (
              <Card>
                <CityWagesPanel canManage={canManage} />
              </Card>
            ),
          },
        ]}
      />
    </>
  );
}
