import type { SeveranceLineView, SeveranceResponse } from '@stride/contracts';
import { Alert, Card, Col, Empty, Row, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoneyText } from './format';

/** The figures at a glance, then every step with its explanation (and the article it rests on). */
export function SeveranceResult({ result }: { result: SeveranceResponse | null }) {
  const { t } = useTranslation();

  const valueText = (line: SeveranceLineView): string => {
    switch (line.unit) {
      case 'money':
        return `¥${formatMoneyText(line.value)}`;
      case 'months':
        return t(Number(line.value) <= 1 ? 'calculators.severance.month' : 'calculators.severance.months', {
          n: line.value,
        });
      case 'years':
        return t(Number(line.value) === 1 ? 'calculators.severance.year' : 'calculators.severance.years', {
          n: line.value,
        });
      case 'note':
        return '—';
      default:
        return line.value;
    }
  };

  const columns: TableColumnsType<SeveranceLineView> = [
    {
      title: t('calculators.severance.colItem'),
      dataIndex: 'label',
      width: 160,
      render: (label: string, line) =>
        line.key === 'unlawfulDamages' || line.key === 'pre2008' ? <Tag color="orange">{label}</Tag> : label,
    },
    {
      title: t('calculators.severance.colValue'),
      key: 'value',
      width: 150,
      align: 'right',
      render: (_, line) => (
        <Typography.Text
          strong={line.key === 'severance' || line.key === 'noticePay' || line.key === 'lawfulTotal'}
          data-testid="severance-line-value"
          data-value={line.value}
          style={{ whiteSpace: 'nowrap' }}
        >
          {valueText(line)}
        </Typography.Text>
      ),
    },
    {
      title: t('calculators.severance.colExplanation'),
      dataIndex: 'explanation',
      render: (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>,
    },
  ];

  if (!result) {
    return (
      <Card title={t('calculators.severance.resultTitle')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calculators.severance.empty')} />
      </Card>
    );
  }

  const figure = (key: string, title: string, value: string, highlight = false) => (
    <Col xs={12} md={6}>
      <Statistic
        title={title}
        value={formatMoneyText(value)}
        prefix="¥"
        styles={highlight ? { content: { color: '#d46b08' } } : undefined}
        data-testid={`severance-${key}`}
        data-value={value}
      />
    </Col>
  );

  return (
    <Card
      title={t('calculators.severance.resultTitle')}
      extra={
        <Typography.Text type="secondary" data-testid="severance-months">
          {t('calculators.severance.monthsOfPay', { n: result.monthsOfPay, base: formatMoneyText(result.base) })}
          {result.isCapped ? <Tag style={{ marginInlineStart: 8 }}>{t('calculators.severance.capped')}</Tag> : null}
        </Typography.Text>
      }
      data-testid="severance-result"
    >
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {figure('severance', t('calculators.severance.severance'), result.severance)}
        {figure('noticePay', t('calculators.severance.noticePay'), result.noticePay)}
        {figure('lawfulTotal', t('calculators.severance.lawfulTotal'), result.lawfulTotal)}
        {figure('unlawfulDamages', t('calculators.severance.unlawfulDamages'), result.unlawfulDamages, true)}
      </Row>
      <Table<SeveranceLineView>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={result.lines}
        pagination={false}
        scroll={{ x: 720 }}
        onRow={(line) => ({ 'data-testid': `severance-line-${line.key}` }) as HTMLAttributes<HTMLElement>}
        data-testid="severance-lines"
      />
      <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('calculators.severance.disclaimer')} />
    </Card>
  );
}
