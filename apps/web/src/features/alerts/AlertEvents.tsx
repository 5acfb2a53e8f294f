import type { AlertDetail, TrainingCourse } from '@stride/contracts';
import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';

type AlertEvent = AlertDetail['events'][number];

const eventColors: Record<string, string> = {
  raised: 'red',
  acknowledged: 'orange',
  action_linked: 'blue',
  resolved: 'green',
  auto_resolved: 'green',
};

function courseTitles(payload: Record<string, unknown>, catalog: Map<string, TrainingCourse>): string[] {
  if (Array.isArray(payload.courses)) {
    return payload.courses
      .map((c) =>
        typeof c === 'object' && c !== null && 'title' in c ? String((c as { title: unknown }).title) : String(c),
      )
      .filter(Boolean);
  }
  if (Array.isArray(payload.courseIds)) {
    return payload.courseIds.map((id) => catalog.get(String(id))?.title ?? String(id));
  }
  return [];
}

/** The alert's history: raised, re-evaluated, acknowledged, actions linked, resolved — who, when, with which note. */
export function AlertEvents({ events, catalog }: { events: AlertEvent[]; catalog: Map<string, TrainingCourse> }) {
  const { t } = useTranslation();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.events.empty')} />;
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Timeline
      data-testid="alert-events"
      items={sorted.map((e) => {
        const payload = (e.payload ?? {}) as Record<string, unknown>;
        const actionKind = typeof payload.actionKind === 'string' ? payload.actionKind : null;
        const titles = courseTitles(payload, catalog);
        return {
          key: e.id,
          color: eventColors[e.kind] ?? 'gray',
          content: (
            <div data-testid="alert-event" data-kind={e.kind}>
              <Space size={6} wrap>
                <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                <Typography.Text strong>{t(`alerts.events.kinds.${e.kind}`, { defaultValue: e.kind })}</Typography.Text>
                {actionKind ? (
                  <Tag color="blue">{t(`alerts.actionKinds.${actionKind}`, { defaultValue: actionKind })}</Tag>
                ) : null}
                <Typography.Text type="secondary">{e.actor?.name ?? t('alerts.events.system')}</Typography.Text>
              </Space>
              {typeof payload.reason === 'string' ? (
                <div>
                  <Typography.Text type="secondary">
                    {t(`alerts.enums.${payload.reason}`, { defaultValue: payload.reason })}
                  </Typography.Text>
                </div>
              ) : null}
              {e.note ? (
                <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                  {e.note}
                </Typography.Paragraph>
              ) : null}
              {titles.length ? (
                <div style={{ marginTop: 4 }}>
                  <Typography.Text type="secondary">{t('alerts.events.courses')}: </Typography.Text>
                  {titles.map((title) => (
                    <Tag key={title}>{title}</Tag>
                  ))}
                </div>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}
