import type { ReserveEntry } from '@stride/contracts';
import {
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useFlightRisks, useReserve, useSetFlightRisk } from './queries';
import { TalentCardPanel } from './TalentCardPanel';

function FlagModal({ person, onClose }: { person: { id: string; name: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const flag = useSetFlightRisk();
  const toastError = useApiErrorToast();
  if (!person) return null;
  return (
    <Modal
      open
      title={t('talent.reserve.flagTitle', { name: person.name })}
      onCancel={onClose}
      okButtonProps={{ disabled: !reason.trim(), loading: flag.isPending }}
      onOk={() =>
        flag.mutate({ employeeId: person.id, flagged: true, reason }, { onSuccess: onClose, onError: toastError })
      }
    >
      <Typography.Text>{t('talent.reason')}</Typography.Text>
      <Input.TextArea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
    </Modal>
  );
}

/** 晋升储备 and 离职风险: the people who meet the reserve criteria, and who is flagged or suggested. */
export function ReserveTab() {
  const { t } = useTranslation();
  const [params, setParams] = useState({ cycles: 2, minGrade: 'A' });
  const reserve = useReserve(params);
  const risks = useFlightRisks();
  const clear = useSetFlightRisk();
  const toastError = useApiErrorToast();
  const [flagging, setFlagging] = useState<{ id: string; name: string } | null>(null);
  const [card, setCard] = useState<{ id: string; name: string } | null>(null);

  const columns = [
    {
      title: t('talent.reserve.person'),
      key: 'person',
      render: (_: unknown, r: ReserveEntry) => (
        <Button type="link" onClick={() => setCard({ id: r.employee.id, name: r.employee.name })}>
          {r.employee.name} ({r.employee.employeeNo})
        </Button>
      ),
    },
    { title: t('fields.unit'), key: 'unit', render: (_: unknown, r: ReserveEntry) => r.unit.name },
    {
      title: t('talent.reserve.grades'),
      key: 'grades',
      render: (_: unknown, r: ReserveEntry) => (
        <Flex gap={4} wrap>
          {r.grades.map((g) => (
            <Tag key={g.cycle.id} title={`${g.cycle.name} · ${g.total}`}>
              {g.grade ?? '—'} · {g.total}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('talent.reserve.delta'),
      dataIndex: 'scoreDelta',
      render: (d: string) => <Typography.Text type="success">+{d}</Typography.Text>,
    },
    {
      title: t('talent.flightRisk'),
      key: 'risk',
      render: (_: unknown, r: ReserveEntry) =>
        r.flightRisk ? (
          <Tag color="red">{t('talent.flightRisk')}</Tag>
        ) : (
          <Flex gap={4} align="center">
            {r.suggestedFlightRisk ? <Tag color="orange">{t('talent.flightRiskSuggested')}</Tag> : null}
            <Button size="small" onClick={() => setFlagging({ id: r.employee.id, name: r.employee.name })}>
              {t('talent.reserve.flag')}
            </Button>
          </Flex>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex gap={12} align="center" wrap>
        <span>{t('talent.reserve.cycles')}</span>
        <InputNumber
          min={1}
          max={6}
          value={params.cycles}
          onChange={(v) => setParams((p) => ({ ...p, cycles: v ?? 2 }))}
          data-testid="reserve-cycles"
        />
        <span>{t('talent.reserve.minGrade')}</span>
        <Select
          value={params.minGrade}
          style={{ width: 90 }}
          onChange={(v) => setParams((p) => ({ ...p, minGrade: v }))}
          options={['S', 'A', 'B'].map((g) => ({ value: g, label: g }))}
        />
        {reserve.data ? (
          <Typography.Text type="secondary">
            {t('talent.reserve.criteria', {
              cycles: reserve.data.criteria.cycles,
              grades: reserve.data.criteria.grades.join('/'),
            })}
          </Typography.Text>
        ) : null}
      </Flex>
      {reserve.error ? (
        <QueryError error={reserve.error} onRetry={() => void reserve.refetch()} />
      ) : reserve.isPending ? (
        <Skeleton active />
      ) : (
        <Table
          rowKey={(r) => r.employee.id}
          dataSource={reserve.data.items}
          columns={columns}
          pagination={false}
          locale={{ emptyText: <Empty description={t('talent.reserve.empty')} /> }}
          data-testid="reserve-table"
        />
      )}
      <Card size="small" title={t('talent.risks.title')}>
        {risks.error ? (
          <QueryError error={risks.error} onRetry={() => void risks.refetch()} />
        ) : risks.isPending ? (
          <Skeleton active />
        ) : risks.data.length ? (
          <Flex vertical gap={8}>
            {risks.data.map((r) => (
              <Flex key={r.employeeId} gap={8} align="center" wrap>
                <Button type="link" onClick={() => setCard({ id: r.employee.id, name: r.employee.name })}>
                  {r.employee.name}
                </Button>
                <Typography.Text type="secondary">{r.unit.name}</Typography.Text>
                {r.flagged ? (
                  <>
                    <Tag color="red">{r.reason}</Tag>
                    <Button
                      size="small"
                      loading={clear.isPending}
                      onClick={() =>
                        clear.mutate({ employeeId: r.employeeId, flagged: false }, { onError: toastError })
                      }
                    >
                      {t('talent.reserve.unflag')}
                    </Button>
                  </>
                ) : (
                  <>
                    <Tag color="orange">{t('talent.risks.suggestedWhy')}</Tag>
                    <Button size="small" onClick={() => setFlagging({ id: r.employee.id, name: r.employee.name })}>
                      {t('talent.reserve.flag')}
                    </Button>
                  </>
                )}
              </Flex>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('talent.risks.empty')}</Typography.Text>
        )}
      </Card>
      <FlagModal person={flagging} onClose={() => setFlagging(null)} />
      <Drawer
        open={Boolean(card)}
        onClose={() => setCard(null)}
        size="large"
        title={card ? `${t('talent.card.title')} · ${card.name}` : ''}
        destroyOnHidden
      >
        {card ? <TalentCardPanel employeeId={card.id} /> : null}
      </Drawer>
    </Flex>
  );
}
