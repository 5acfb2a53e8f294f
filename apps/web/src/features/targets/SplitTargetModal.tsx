import { useQuery } from '@tanstack/react-query';
import { Alert, App, Checkbox, Flex, InputNumber, Modal, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { formatMetricValue } from '../metrics/format';
import { type Target, useSplitTarget } from './queries';

interface Member {
  id: string;
  name: string;
  employeeNo: string;
}

/** Split a team target (mounted afresh per target: `key` it by the target id) into the people's targets, with a live sum against the team target. */
export function SplitTargetModal({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const split = useSplitTarget();
  const [values, setValues] = useState<Record<string, string>>({});
  const [allowMismatch, setAllowMismatch] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unitId = target?.unit?.id ?? null;
  const members = useQuery({
    queryKey: ['org-units', unitId, 'members', 'all'],
    queryFn: ({ signal }) =>
      api<{ items: Member[] }>(`/employees`, { query: { unitId, limit: 100 }, signal }).then((r) => r.items),
    enabled: Boolean(unitId),
  });

  const isMean = target?.metricUnit === 'ratio' || target?.metricUnit === 'score';
  const filled = Object.entries(values).filter(([, v]) => v !== '' && v !== undefined);
  // A target is greater than zero (attainment divides by it): such rows are marked before anything is sent.
  const notPositive = new Set(filled.filter(([, v]) => !(Number(v) > 0)).map(([id]) => id));
  // Display only: the server checks the sum exactly (decimal); four decimals are enough to compare here.
  const rolledUp = useMemo(() => {
    const sum = filled.reduce((acc, [, v]) => acc + Number(v), 0);
    return isMean && filled.length ? sum / filled.length : sum;
  }, [filled, isMean]);
  const teamValue = Number(target?.value ?? 0);
  const matches = Math.abs(rolledUp - teamValue) < 0.00005;

  const submit = async () => {
    if (!target) return;
    setError(null);
    if (notPositive.size) {
      setError(t('targets.split.notPositive') as string);
      return;
    }
    try {
      await split.mutateAsync({
        id: target.id,
        allocations: filled.map(([employeeId, value]) => ({ employeeId, value })),
        allowMismatch,
      });
      void message.success(t('targets.saved'));
      onClose();
    } catch (err) {
      setError(isApiError(err) ? (err.fieldErrors[0]?.message ?? err.problem.detail) : (t('errors.generic') as string));
    }
  };

  const unit = target?.metricUnit ?? 'count';
  return (
    <Modal
      open={Boolean(target)}
      title={t('targets.split.title', { team: target?.unit?.name ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('targets.split.save')}
      okButtonProps={{ loading: split.isPending, disabled: filled.length === 0 || (!matches && !allowMismatch) }}
      width={640}
    >
      <div data-testid="split-modal">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Table<Member>
          size="small"
          rowKey="id"
          loading={members.isPending}
          dataSource={members.data ?? []}
          pagination={false}
          scroll={{ y: 360 }}
          columns={[
            { title: t('targets.person'), key: 'name', render: (_, m) => `${m.name} (${m.employeeNo})` },
            {
              title: t('targets.value'),
              key: 'value',
              width: 200,
              render: (_, m) => (
                <InputNumber<string>
                  stringMode
                  min="0"
                  status={notPositive.has(m.id) ? 'error' : undefined}
                  style={{ width: '100%' }}
                  value={values[m.id] ?? null}
                  onChange={(v) => setValues((prev) => ({ ...prev, [m.id]: v ?? '' }))}
                  data-testid="split-value"
                />
              ),
            },
          ]}
        />
        <Flex justify="space-between" align="center" style={{ marginTop: 12 }} wrap gap={8}>
          <Typography.Text type={matches ? 'success' : 'warning'} data-testid="split-sum">
            {t(isMean ? 'targets.split.mean' : 'targets.split.sum', {
              sum: formatMetricValue(rolledUp, unit),
              team: formatMetricValue(teamValue, unit),
            })}
          </Typography.Text>
          <Checkbox checked={allowMismatch} onChange={(e) => setAllowMismatch(e.target.checked)}>
            {t('targets.split.allowMismatch')}
          </Checkbox>
        </Flex>
      </div>
    </Modal>
  );
}
