import {
  EditOutlined,
  EyeOutlined,
  HistoryOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  StopOutlined,
} from '@ant-design/icons';
import type { ScorecardTemplateSummary } from '@stride/contracts';
import { App, Button, Card, Empty, Flex, Popconfirm, Table, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import './i18n';
import { GradeScalesPanel } from './GradeScalesPanel';
import { PreviewDrawer } from './PreviewDrawer';
import { useDeactivateTemplate, useTemplate, useTemplates } from './queries';
import { SettingsPanel } from './SettingsPanel';
import { TemplateEditorDrawer } from './TemplateEditorDrawer';
import { TemplateHistoryDrawer } from './TemplateHistoryDrawer';

function TemplatesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const templates = useTemplates();
  const deactivate = useDeactivateTemplate();
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);
  const [history, setHistory] = useState<ScorecardTemplateSummary | null>(null);
  const [previewing, setPreviewing] = useState<ScorecardTemplateSummary | null>(null);
  const current = useTemplate(editing?.id ?? null);

  const columns: TableColumnsType<ScorecardTemplateSummary> = [
    {
      title: t('scorecards.fields.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <span>
          <Typography.Text strong data-testid="template-name-cell">
            {name}
          </Typography.Text>{' '}
          {r.isActive ? null : <Tag>{t('scorecards.inactive')}</Tag>}
        </span>
      ),
    },
    {
      title: t('scorecards.fields.positions'),
      render: (_, r) =>
        r.positions.length ? (
          r.positions.map((p) => <Tag key={p.id}>{p.name}</Tag>)
        ) : (
          <Tag>{t('scorecards.allPositions')}</Tag>
        ),
    },
    {
      title: t('scorecards.fields.stages'),
      render: (_, r) =>
        r.stages.length ? (
          r.stages.map((s) => (
            <Tag color="geekblue" key={s}>
              {t(`scorecards.stages.${s}`)}
            </Tag>
          ))
        ) : (
          <Tag color="geekblue">{t('scorecards.allStages')}</Tag>
        ),
    },
    {
      title: t('scorecards.fields.dimensions'),
      render: (_, r) => (
        <Flex gap={4} wrap>
          {r.dimensions.map((d) => (
            <Tag key={d.key} bordered={false} color="blue">
              {d.name} {String(d.weight)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { title: t('scorecards.fields.version'), dataIndex: 'currentVersion', align: 'center', width: 70 },
    {
      title: t('scorecards.fields.updated'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_, r) => (
        <Flex gap={2} wrap>
          <Button
            type="link"
            size="small"
            icon={canEdit ? <EditOutlined /> : <EyeOutlined />}
            onClick={() => setEditing({ id: r.id })}
            data-testid="template-open"
          >
            {canEdit ? t('scorecards.edit') : t('scorecards.view')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<HistoryOutlined />}
            onClick={() => setHistory(r)}
            data-testid="template-history"
          >
            {t('scorecards.history')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<PlayCircleOutlined />}
            onClick={() => setPreviewing(r)}
            data-testid="template-preview"
          >
            {t('scorecards.preview')}
          </Button>
          {canEdit && r.isActive ? (
            <Popconfirm
              title={t('scorecards.deactivateConfirm', { name: r.name })}
              onConfirm={() =>
                deactivate.mutateAsync(r.id).then(
                  () => void message.success(t('scorecards.deactivated')),
                  (err: unknown) => toastError(err),
                )
              }
            >
              <Button type="link" size="small" danger icon={<StopOutlined />}>
                {t('scorecards.deactivate')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      ),
    },
  ];

  if (templates.error) return <QueryError error={templates.error} onRetry={() => void templates.refetch()} />;
  const editorOpen = editing !== null && (editing.id === null || Boolean(current.data));

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        {canEdit ? <span /> : <Typography.Text type="secondary">{t('scorecards.readOnly')}</Typography.Text>}
        {canEdit ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ id: null })}
            data-testid="template-new"
          >
            {t('scorecards.new')}
          </Button>
        ) : null}
      </Flex>
      <Table<ScorecardTemplateSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={templates.data ?? []}
        loading={templates.isPending}
        pagination={false}
        scroll={{ x: 1100 }}
        onRow={(r) => ({ 'data-testid': `template-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('scorecards.empty')} /> }}
        data-testid="templates-table"
      />
      <TemplateEditorDrawer
        open={editorOpen}
        template={editing?.id ? (current.data ?? null) : null}
        readOnly={!canEdit}
        onClose={() => setEditing(null)}
      />
      <TemplateHistoryDrawer template={history} onClose={() => setHistory(null)} />
      <PreviewDrawer template={previewing} onClose={() => setPreviewing(null)} />
    </>
  );
}

/** 考核方案: templates by position and tenure stage, grade scales, stage settings. */
export function ScorecardsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canEdit = me.user.role === 'admin' || me.user.role === 'hr';
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'templates';
  return (
    <>
      <PageHeader title={t('scorecards.title')} subtitle={t('scorecards.subtitle')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'templates' ? {} : { tab: key }, { replace: true })}
          items={[
            {
              key: 'templates',
              label: <span data-testid="tab-templates">{t('scorecards.tabs.templates')}</span>,
              children: <TemplatesTab canEdit={canEdit} />,
            },
            {
              key: 'grade-scales',
              label: <span data-testid="tab-grade-scales">{t('scorecards.tabs.gradeScales')}</span>,
              children: <GradeScalesPanel canEdit={canEdit} />,
            },
            {
              key: 'settings',
              label: <span data-testid="tab-settings">{t('scorecards.tabs.settings')}</span>,
              children: <SettingsPanel canEdit={canEdit} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
