import { DeleteOutlined, EditOutlined, RocketOutlined, StepForwardOutlined } from '@ant-design/icons';
import type { CycleView } from '@stride/contracts';
import { Alert, App, Button, type ButtonProps, Input, Modal, Popconfirm, Table, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { CycleFormDrawer } from './CycleFormDrawer';
import { useCycleAction, useDeleteCycle } from './queries';

type Skipped = CycleView['skipped'][0];

/** The server answers a code such as NO_TEMPLATE:probation; unknown codes show as they are. */
function skippedReason(reason: string, t: TFunction): string {
  const [code, stage] = reason.split(':');
  if (code !== 'NO_TEMPLATE') return reason;
  return t('reviews.launch.reasons.NO_TEMPLATE', {
    stage: stage ? t(`reviews.tenureStages.${stage}`, { defaultValue: stage }) : '—',
  });
}

/** The people a launch would leave out (no scorecard template for their position and stage). */
export function SkippedTable({ skipped }: { skipped: CycleView['skipped'] }) {
  const { t } = useTranslation();
  return (
    <Table<Skipped>
      rowKey={(r) => r.employee.id}
      size="small"
      dataSource={skipped}
      pagination={skipped.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('reviews.common.person'), key: 'name', render: (_, r) => r.employee.name },
        { title: t('reviews.launch.reason'), key: 'reason', render: (_, r) => skippedReason(r.reason, t) },
      ]}
      data-testid="launch-skipped"
    />
  );
}

/**
 * The primary action of the cycle's stage: launch a draft (after showing who would be left out), or
 * advance to the next stage with a confirmation. HR and admins only; others see why it is disabled.
 */
export function CycleActions({ cycle, canManage }: { cycle: CycleView; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const toastError = useApiErrorToast();
  const action = useCycleAction();
  const remove = useDeleteCycle();
  const [confirming, setConfirming] = useState<'launch' | 'advance' | null>(null);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const a = (k: string, o?: Record<string, unknown>) => t(`reviews.actions.${k}`, o);
  const next = cycle.nextStage;
  const nextLabel = next ? t(`reviews.stages.${next}`) : '';

  const run = async () => {
    if (!confirming) return;
    try {
      const updated = await action.mutateAsync({
        id: cycle.id,
        action: confirming,
        expectedVersion: cycle.version,
        note: note.trim() || undefined,
      });
      void message.success(
        confirming === 'launch' ? a('launched') : a('advanced', { stage: t(`reviews.stages.${updated.stage}`) }),
      );
      setConfirming(null);
      setNote('');
    } catch (err) {
      toastError(err);
    }
  };

  const disabledHint = canManage ? null : a('hrOnly');
  const primary =
    cycle.stage === 'draft' ? (
      <Button
        type="primary"
        icon={<RocketOutlined />}
        disabled={!canManage}
        onClick={() => setConfirming('launch')}
        data-testid="cycle-launch"
      >
        {a('launch')}
      </Button>
    ) : next ? (
      <Button
        type="primary"
        icon={<StepForwardOutlined />}
        disabled={!canManage}
        onClick={() => setConfirming('advance')}
        data-testid="cycle-advance"
      >
        {next === 'closed' ? a('close') : next === 'published' ? a('publish') : a('advance', { stage: nextLabel })}
      </Button>
    ) : null;

  return (
    <>
      {cycle.stage === 'draft' && canManage ? (
        <>
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="cycle-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={a('deleteConfirm', { name: cycle.name })}
            okButtonProps={{ danger: true, 'data-testid': 'cycle-delete-confirm' } as ButtonProps}
            onConfirm={() =>
              remove.mutateAsync(cycle.id).then(
                () => {
                  void message.success(a('deleted'));
                  navigate('/review-cycles', { replace: true });
                },
                (err: unknown) => toastError(err),
              )
            }
          >
            <Button danger icon={<DeleteOutlined />} data-testid="cycle-delete">
              {a('delete')}
            </Button>
          </Popconfirm>
        </>
      ) : null}
      {primary && disabledHint ? (
        <Tooltip title={disabledHint}>
          {/* A disabled button swallows pointer events; the span keeps the tooltip working. */}
          <span data-testid="cycle-action-disabled">{primary}</span>
        </Tooltip>
      ) : (
        primary
      )}

      <Modal
        open={confirming !== null}
        title={
          confirming === 'launch'
            ? a('launchTitle', { name: cycle.name })
            : next === 'closed'
              ? a('closeTitle', { name: cycle.name })
              : a('advanceTitle', { stage: nextLabel })
        }
        onCancel={() => setConfirming(null)}
        onOk={() => void run()}
        okText={confirming === 'launch' ? a('launch') : a('advanceOk')}
        okButtonProps={{ loading: action.isPending, 'data-testid': 'cycle-action-confirm' } as ButtonProps}
        width={640}
        destroyOnHidden
      >
        <div data-testid="cycle-action-modal">
          {confirming === 'launch' ? (
            <>
              <Typography.Paragraph>{a('launchText')}</Typography.Paragraph>
              {cycle.skipped.length > 0 ? (
                <>
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('reviews.launch.skippedTitle', { count: cycle.skipped.length })}
                    description={t('reviews.launch.skippedText')}
                  />
                  <SkippedTable skipped={cycle.skipped} />
                </>
              ) : (
                <Alert type="success" showIcon title={t('reviews.launch.noneSkipped')} />
              )}
            </>
          ) : (
            <>
              <Typography.Paragraph>{a(`advanceText.${next ?? 'closed'}`)}</Typography.Paragraph>
              {cycle.forms.pending > 0 && ['self_review', 'manager_review', 'peer_review'].includes(cycle.stage) ? (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={a('pendingForms', { count: cycle.forms.pending })}
                  data-testid="advance-pending-forms"
                />
              ) : null}
              {cycle.openAppeals > 0 && next === 'closed' ? (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={a('openAppeals', { count: cycle.openAppeals })}
                />
              ) : null}
            </>
          )}
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            maxLength={500}
            placeholder={a('notePlaceholder')}
            data-testid="cycle-action-note"
          />
        </div>
      </Modal>
      {canManage && cycle.stage === 'draft' ? (
        <CycleFormDrawer open={editing} cycle={cycle} onClose={() => setEditing(false)} />
      ) : null}
    </>
  );
}
