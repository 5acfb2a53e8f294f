import { Drawer, Empty, Skeleton, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { formatMetricValue } from '../metrics/format';
import { type Target, useTargetHistory } from './queries';

/** Every step of a target: who proposed, countered, agreed or changed what, and why. */
export function TargetHistoryDrawer({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const { t } = useTranslation();
  const history = useTargetHistory(target?.id ?? null);
  return (
    <Drawer
      open={Boolean(target)}
      onClose={onClose}
      title={
        target ? `${t('targets.history')} · ${target.employee?.name ?? target.unit?.name} · ${target.metricName}` : ''
      }
      size={440}
    >
      <div data-testid="target-history">
        {history.isPending ? (
          <Skeleton active />
        ) : !history.data?.length ? (
          <Empty />
        ) : (
          <Timeline
            items={history.data.map((e) => ({
              color: e.action === 'changed_after_lock' ? 'red' : e.action === 'agreed' ? 'green' : 'blue',
              content: (
                <div>
                  <Typography.Text strong>{t(`targets.actions.${e.action}`)}</Typography.Text>
                  {e.value !== null && target ? ` · ${formatMetricValue(e.value, target.metricUnit)}` : ''}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.actor ?? '—'} · {formatDateTime(e.at)}
                    </Typography.Text>
                  </div>
                  {e.reason ? <Typography.Paragraph style={{ margin: 0 }}>{e.reason}</Typography.Paragraph> : null}
                </div>
              ),
            }))}
          />
        )}
      </div>
    </Drawer>
  );
}
