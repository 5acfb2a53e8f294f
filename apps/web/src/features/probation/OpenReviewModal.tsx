import { Button, Form, Modal, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDate } from '../../lib/format';
import { useOpenProbationReview, useProbationPeople, useProbationReviews } from './queries';

interface Props {
  open: boolean;
  onClose: () => void;
  onOpened: (reviewId: string) => void;
}

/** HR opens a person's probation review by hand (before the automatic opening, or for an early regularization). */
export function OpenReviewModal({ open, onClose, onOpened }: Props) {
  const { t } = useTranslation();
  const toastError = useApiErrorToast();
  const people = useProbationPeople(open);
  const reviews = useProbationReviews(undefined);
  const openReview = useOpenProbationReview();
  const [employeeId, setEmployeeId] = useState<string | null>(null);

  // People whose current probation already has a review are left out (the server refuses them anyway).
  const options = useMemo(() => {
    const reviewed = new Set((reviews.data ?? []).map((r) => `${r.employee.id}:${r.probationEndDate}`));
    return (people.data ?? [])
      .filter((p) => p.probationEndDate && !reviewed.has(`${p.id}:${p.probationEndDate}`))
      .sort((a, b) => (a.probationEndDate ?? '').localeCompare(b.probationEndDate ?? ''))
      .map((p) => ({
        value: p.id,
        label: `${p.name} (${p.employeeNo}) · ${t('probation.columns.probationEnd')} ${formatDate(p.probationEndDate)}`,
      }));
  }, [people.data, reviews.data, t]);

  const submit = () => {
    if (!employeeId) return;
    openReview.mutate(employeeId, {
      onSuccess: (review) => {
        setEmployeeId(null);
        onOpened(review.id);
      },
      onError: toastError,
    });
  };

  return (
    <Modal
      open={open}
      title={t('probation.openTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          disabled={!employeeId}
          loading={openReview.isPending}
          onClick={submit}
          data-testid="probation-open-confirm"
        >
          {t('probation.open')}
        </Button>,
      ]}
    >
      <Form layout="vertical">
        <Form.Item label={t('probation.openPerson')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={employeeId}
            onChange={setEmployeeId}
            loading={people.isPending}
            options={options}
            notFoundContent={t('probation.noCandidates')}
            placeholder={t('select.searchEmployee')}
            data-testid="probation-open-person"
          />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary">{t('probation.openHint')}</Typography.Paragraph>
    </Modal>
  );
}
