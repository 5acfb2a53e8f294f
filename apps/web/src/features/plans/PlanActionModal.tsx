import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { todayIso } from '../../lib/format';
import { type PlanView, usePlanAction } from './queries';

export type PlanActionKind = 'refusal' | 'check-ins' | 'evaluations' | 'outcome' | 'cancel';

interface Props {
  plan: PlanView;
  kind: PlanActionKind | null;
  onClose: () => void;
}

interface Values {
  witnessNote?: string;
  heldOn?: string;
  notes?: string;
  evidence?: { text?: string; url?: string }[];
  stage?: 'midpoint' | 'final';
  behaviours?: { judgement?: string; comment?: string }[];
  recommendation?: string;
  outcome?: 'passed' | 'extended' | 'failed';
  newEndDate?: string;
  note?: string;
  reason?: string;
}

/** The forms of a plan's steps: a refusal to sign, a check-in, an evaluation, the outcome, cancelling. */
export function PlanActionModal({ plan, kind, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const action = usePlanAction();
  const [error, setError] = useState<string[]>([]);
  const behaviourGoals = plan.goals.map((g, goalIndex) => ({ g, goalIndex })).filter((x) => x.g.kind === 'behaviour');
  const outcome = Form.useWatch('outcome', form);

  const bodyOf = (v: Values): Record<string, unknown> => {
    switch (kind) {
      case 'refusal':
        return { version: plan.version, witnessNote: v.witnessNote };
      case 'check-ins':
        return {
          heldOn: v.heldOn,
          notes: v.notes,
          evidence: (v.evidence ?? [])
            .filter((e) => e.text?.trim())
            .map((e) => ({ text: e.text, url: e.url?.trim() || undefined })),
        };
      case 'evaluations':
        return {
          version: plan.version,
          stage: v.stage,
          recommendation: v.recommendation,
          behaviours: behaviourGoals.map((b, i) => ({
            goalIndex: b.goalIndex,
            judgement: v.behaviours?.[i]?.judgement,
            comment: v.behaviours?.[i]?.comment ?? '',
          })),
        };
      case 'outcome':
        return {
          version: plan.version,
          outcome: v.outcome,
          newEndDate: v.outcome === 'extended' ? v.newEndDate : undefined,
          note: v.note ?? '',
        };
      default:
        return { version: plan.version, reason: v.reason };
    }
  };

  const submit = (v: Values) => {
    if (!kind) return;
    setError([]);
    action.mutate(
      { id: plan.id, action: kind, body: bodyOf(v) },
      {
        onSuccess: () => {
          form.resetFields();
          onClose();
        },
        onError: (e) =>
          setError(isApiError(e) ? [e.problem.detail, ...e.fieldErrors.map((f) => f.message)] : [t('errors.generic')]),
      },
    );
  };

  const hasMidpoint = plan.evaluations.some((e) => e.stage === 'midpoint');
  return (
    <Modal
      open={kind !== null}
      title={kind ? t(`plans.actions.${kind}`) : ''}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={action.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'plan-action-confirm' } as Record<string, string>}
      width={640}
    >
      {error.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={error[0]}
          description={error.length > 1 ? error.slice(1).map((e) => <div key={e}>{e}</div>) : undefined}
          data-testid="plan-action-error"
        />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          heldOn: todayIso(),
          evidence: [{}],
          stage: plan.status === 'active' && !hasMidpoint ? 'midpoint' : 'final',
          outcome: plan.suggestedOutcome ?? undefined,
        }}
      >
        {kind === 'refusal' ? (
          <>
            <Typography.Paragraph type="secondary">{t('plans.refusalHint')}</Typography.Paragraph>
            <Form.Item name="witnessNote" label={t('plans.fields.witnessNote')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} data-testid="plan-witness-note" />
            </Form.Item>
          </>
        ) : null}
        {kind === 'check-ins' ? (
          <>
            <Form.Item name="heldOn" label={t('plans.fields.heldOn')} rules={[{ required: true }]}>
              <Input type="date" data-testid="plan-checkin-date" />
            </Form.Item>
            <Form.Item name="notes" label={t('plans.fields.notes')} rules={[{ required: true }]}>
              <Input.TextArea rows={4} data-testid="plan-checkin-notes" />
            </Form.Item>
            <Typography.Text>{t('plans.fields.evidence')}</Typography.Text>
            <Form.List name="evidence">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} align="start">
                      <Form.Item name={[field.name, 'text']} style={{ flex: 1 }}>
                        <Input placeholder={t('plans.evidenceText')} data-testid={`plan-evidence-text-${field.name}`} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'url']} rules={[{ type: 'url' }]} style={{ flex: 1 }}>
                        <Input placeholder={t('plans.evidenceUrl')} />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('plans.removeEvidence')}
                        onClick={() => remove(field.name)}
                      />
                    </Flex>
                  ))}
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('plans.addEvidence')}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        ) : null}
        {kind === 'evaluations' ? (
          <>
            <Form.Item name="stage" label={t('plans.fields.stage')}>
              <Radio.Group
                options={[
                  {
                    value: 'midpoint',
                    label: t('plans.stages.midpoint'),
                    disabled: plan.status !== 'active' || hasMidpoint,
                  },
                  { value: 'final', label: t('plans.stages.final') },
                ]}
                data-testid="plan-eval-stage"
              />
            </Form.Item>
            <Typography.Paragraph type="secondary">{t('plans.metricsComputed')}</Typography.Paragraph>
            {behaviourGoals.map((b, i) => (
              <Flex key={b.goalIndex} gap={8} align="start" wrap>
                <Typography.Text style={{ width: '100%' }}>{b.g.kind === 'behaviour' ? b.g.text : ''}</Typography.Text>
                <Form.Item name={['behaviours', i, 'judgement']} rules={[{ required: true }]}>
                  <Select
                    style={{ width: 140 }}
                    placeholder={t('plans.fields.judgement')}
                    options={(['met', 'partly', 'not_met'] as const).map((j) => ({
                      value: j,
                      label: t(`plans.judgements.${j}`),
                    }))}
                    data-testid={`plan-eval-judgement-${i}`}
                  />
                </Form.Item>
                <Form.Item name={['behaviours', i, 'comment']} style={{ flex: 1 }}>
                  <Input placeholder={t('plans.fields.comment')} />
                </Form.Item>
              </Flex>
            ))}
            <Form.Item name="recommendation" label={t('plans.fields.recommendation')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} data-testid="plan-eval-recommendation" />
            </Form.Item>
          </>
        ) : null}
        {kind === 'outcome' ? (
          <>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={
                plan.suggestedOutcome
                  ? t('plans.suggestion', { outcome: t(`plans.outcomes.${plan.suggestedOutcome}`) })
                  : t('plans.noSuggestion')
              }
              description={t('plans.humanDecision')}
            />
            <Form.Item name="outcome" label={t('plans.fields.outcome')} rules={[{ required: true }]}>
              <Radio.Group
                options={(['passed', 'extended', 'failed'] as const).map((o) => ({
                  value: o,
                  label: t(`plans.outcomes.${o}`),
                  disabled: o === 'extended' && !plan.can.extend,
                }))}
                data-testid="plan-outcome"
              />
            </Form.Item>
            {outcome === 'extended' ? (
              <Form.Item name="newEndDate" label={t('plans.fields.newEndDate')} rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
            ) : null}
            <Form.Item name="note" label={t('plans.fields.note')}>
              <Input.TextArea rows={3} data-testid="plan-outcome-note" />
            </Form.Item>
          </>
        ) : null}
        {kind === 'cancel' ? (
          <Form.Item name="reason" label={t('plans.fields.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="plan-cancel-reason" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
