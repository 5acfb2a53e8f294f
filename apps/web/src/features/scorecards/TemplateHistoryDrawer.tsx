import type { ScorecardTemplateSummary } from '@stride/contracts';
import { Collapse, Drawer, Empty, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { DefinitionTable } from './DefinitionTable';
import { useTemplateVersions } from './queries';

/** Every version of a template, newest first, with its frozen definition. */
export function TemplateHistoryDrawer({
  template,
  onClose,
}: {
  template: ScorecardTemplateSummary | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const versions = useTemplateVersions(template?.id ?? null);
  return (
    <Drawer
      open={template !== null}
      onClose={onClose}
      width={760}
      title={t('scorecards.versions.title', { name: template?.name ?? '' })}
      destroyOnHidden
      data-testid="template-history-drawer"
    >
      {versions.isPending ? (
        <Spin />
      ) : !versions.data?.length ? (
        <Empty />
      ) : (
        <Collapse
          defaultActiveKey={[String(versions.data[0].version)]}
          data-testid="template-versions"
          items={versions.data.map((v) => ({
            key: String(v.version),
            label: (
              <span>
                {t('scorecards.versions.version', { version: v.version })}{' '}
                {v.version === template?.currentVersion ? (
                  <Tag color="blue">{t('scorecards.versions.current')}</Tag>
                ) : null}
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {t('scorecards.versions.by', { user: v.createdBy ?? '—', at: formatDateTime(v.createdAt) })}
                </Typography.Text>
                {v.note ? <Typography.Text style={{ marginLeft: 8 }}>{v.note}</Typography.Text> : null}
              </span>
            ),
            children: <DefinitionTable definition={v.definition} />,
          }))}
        />
      )}
    </Drawer>
  );
}
