import { type PoolDecision, type PoolPeriodType, poolDecisions } from '@stride/contracts';
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { suggestionText } from './bits';
import { type PoolEntry, useDecide } from './queries';

interface Values {
  decision?: PoolDecision;
  note?: string;
}

/** The suggested step's natural decision, offered first. */
const defaultFor: Record<PoolEntry['suggestedStep'], PoolDecision> = {
  coaching_training: 'coaching',
  improvement_plan: 'improvement_plan',
  transfer_or_exit_review: 'transfer',
};

/** A manager or HR records what they decided about a person in the pool, with a note. */
export function DecisionModal({
  entry,
  type,
  onClose,
}: {
  entry: PoolEntry | null;
  type: PoolPeriodType;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const decide = useDecide();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (entry) setError(null);
  }, [entry]);

  const submit = (v: Values) => {
    if (!entry || !v.decision) return;
    setError(null);
    decide.mutate(
      { id: entry.id, decision: v.decision, note: (v.note ?? '').trim(), version: entry.version },
      {
        onSuccess: () => {
          void message.success(t('pool.decide.saved'));
          onClose();
        },
        onError: (err) => {
          if (isApiError(err)) {
            const fields = serverFieldErrors(err);
            applyFieldErrors(form, fields);
            if (!fields.length) setError(err.problem.detail);
          } else setError(t('errors.generic'));
        },
      },
    );
  };

  return (
    <Modal
      open={entry !== null}
      title={entry ? t('pool.decide.title', { name: entry.employee.name }) : ''}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={decide.isPending}
          onClick={() => form.submit()}
          data-testid="pool-decision-confirm"
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      {entry ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('pool.decide.suggestion', { step: t(`pool.steps.${entry.suggestedStep}`) })}
          description={suggestionText(t, entry, type)}
        />
      ) : null}
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="pool-decision-error" />
      ) : null}
      <Form<Values>
        key={entry?.id}
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          entry ? { decision: entry.decision ?? defaultFor[entry.suggestedStep], note: entry.decisionNote ?? '' } : {}
        }
        data-testid="pool-decision-form"
      >
        <Form.Item
          name="decision"
          label={t('pool.decide.decision')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select<PoolDecision>
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="pool-decision-select"
            options={poolDecisions.map((d) => {
              const blocked = d === 'exit_review' && !entry?.exitReviewAllowed;
              return {
                value: d,
                disabled: blocked,
                label: blocked
                  ? `${t(`pool.decisions.${d}`)} · ${t('pool.decide.exitNotAllowed')}`
                  : t(`pool.decisions.${d}`),
              };
            })}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('pool.decide.note')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 2000, message: t('validation.tooLong', { max: 2000 }) },
          ]}
        >
          <Input.TextArea rows={4} placeholder={t('pool.decide.notePlaceholder')} data-testid="pool-decision-note" />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('pool.decide.responsibility')}
      </Typography.Paragraph>
    </Modal>
  );
}
