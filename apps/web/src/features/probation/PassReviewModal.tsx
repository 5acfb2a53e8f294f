import { Button, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { type ProbationReview, usePassProbation } from './queries';

interface Values {
  regularizationDate: Dayjs | null;
  comment?: string;
}

/** Pass: the person becomes regular from the chosen date (default: the day after the probation end). */
export function PassReviewModal({ review, onClose }: { review: ProbationReview | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const pass = usePassProbation();
  const toastError = useApiErrorToast();
  const latest = review ? dayjs(review.probationEndDate).add(1, 'day') : null;

  const submit = (v: Values) => {
    if (!review) return;
    pass.mutate(
      {
        id: review.id,
        regularizationDate: v.regularizationDate ? v.regularizationDate.format('YYYY-MM-DD') : undefined,
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
      title={t('probation.pass.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={pass.isPending}
          onClick={() => form.submit()}
          data-testid="probation-pass-confirm"
        >
          {t('probation.pass.confirm')}
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ regularizationDate: latest, comment: '' }}
        data-testid="probation-pass-form"
      >
        <Form.Item
          name="regularizationDate"
          label={t('probation.pass.date')}
          extra={t('probation.pass.dateHint')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <DatePicker
            disabledDate={(d) =>
              Boolean(review && (d.isBefore(dayjs(review.hireDate), 'day') || (latest && d.isAfter(latest, 'day'))))
            }
            data-testid="probation-pass-date"
          />
        </Form.Item>
        <Form.Item name="comment" label={t('probation.comment')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="probation-pass-comment" />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary">{t('probation.pass.effect')}</Typography.Paragraph>
    </Modal>
  );
}
