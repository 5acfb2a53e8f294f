import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDate } from '../../lib/format';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { type ProbationReview, useFailProbation } from './queries';

interface Values {
  hiringConditions: string;
  reasons: { condition: string; evidence: string }[];
  comment?: string;
}

/**
 * Not pass (Art. 21, 39(1)): the hiring conditions and written reasons, each tied to a condition with its
 * evidence. It records the decision and makes the notice available; the exit is a separate step.
 */
export function FailReviewModal({ review, onClose }: { review: ProbationReview | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const failReview = useFailProbation();
  const toastError = useApiErrorToast();
  const f = (k: string, o?: Record<string, unknown>) => t(`probation.fail.${k}`, o);
  const required = { required: true, whitespace: true, message: t('validation.required') };

  const submit = (v: Values) => {
    if (!review) return;
    failReview.mutate(
      {
        id: review.id,
        hiringConditions: v.hiringConditions.trim(),
        reasons: v.reasons.map((r) => ({ condition: r.condition.trim(), evidence: r.evidence.trim() })),
        comment: v.comment?.trim() || undefined,
      },
      {
        onSuccess: onClose,
        onError: (err) => {
          if (isApiError(err) && err.fieldErrors.length) applyFieldErrors(form, serverFieldErrors(err));
          else toastError(err);
        },
      },
    );
  };

  return (
    <Modal
      open={review !== null}
      title={f('title')}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          danger
          type="primary"
          loading={failReview.isPending}
          onClick={() => form.submit()}
          data-testid="probation-fail-confirm"
        >
          {f('confirm')}
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={f('legal', { date: review ? formatDate(review.probationEndDate) : '' })}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ hiringConditions: '', reasons: [{ condition: '', evidence: '' }], comment: '' }}
        data-testid="probation-fail-form"
      >
        <Form.Item
          name="hiringConditions"
          label={f('conditions')}
          extra={f('conditionsHint')}
          rules={[required, { max: 4000 }]}
        >
          <Input.TextArea rows={3} data-testid="probation-fail-conditions" />
        </Form.Item>
        <Form.List
          name="reasons"
          rules={[
            {
              validator: async (_, reasons?: unknown[]) => {
                if (!reasons || reasons.length === 0) throw new Error(f('reasonsRequired'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={f('reasonN', { n: i + 1 })}
                  extra={
                    <Button
                      type="text"
                      size="small"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={f('remove')}
                      data-testid={`probation-reason-remove-${i}`}
                    />
                  }
                >
                  <Form.Item name={[field.name, 'condition']} label={f('condition')} rules={[required, { max: 500 }]}>
                    <Input data-testid={`probation-reason-condition-${i}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'evidence']}
                    label={f('evidence')}
                    rules={[required, { max: 2000 }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input.TextArea rows={2} data-testid={`probation-reason-evidence-${i}`} />
                  </Form.Item>
                </Card>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ condition: '', evidence: '' })}
                block
                disabled={fields.length >= 20}
                data-testid="probation-reason-add"
              >
                {f('addReason')}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Form.Item name="comment" label={t('probation.comment')} style={{ marginTop: 16 }} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
      <Alert type="info" showIcon message={t('probation.drawer.noticeHint')} />
    </Modal>
  );
}
