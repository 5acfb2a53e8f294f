import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { ReviewFormView } from '@stride/contracts';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Radio, Skeleton, Tag, Typography, theme } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDate, formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { raterColors } from './format';
import { useReviewForm, useSaveForm } from './queries';

type FormIndicator = ReviewFormView['indicators'][0];

/** One rating indicator: its rubric's levels, each with the behaviour that anchors it. */
function RubricQuestion({
  indicator,
  index,
  value,
  onChange,
  disabled,
  error,
}: {
  indicator: FormIndicator;
  index: number;
  value: number | undefined;
  onChange: (level: number) => void;
  disabled: boolean;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const levels = [...indicator.levels].sort((a, b) => b.level - a.level);
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderColor: error ? '#ff4d4f' : undefined }}
      data-testid="rubric-card"
      data-key={indicator.key}
      title={
        <Flex gap={8} align="center" wrap>
          <span>
            {index + 1}. {indicator.name ?? indicator.key}
          </span>
          <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
            {indicator.dimension}
          </Tag>
          {value === undefined && !disabled ? (
            <Tag color="gold" bordered={false} data-testid="rubric-unrated">
              {t('reviews.formPage.unrated')}
            </Tag>
          ) : null}
        </Flex>
      }
    >
      <Radio.Group
        value={value}
        onChange={(e) => onChange(e.target.value as number)}
        disabled={disabled}
        style={{ display: 'flex', flexDirection: 'column', gap: 8, width: '100%' }}
      >
        {levels.map((l) => (
          <Radio
            key={l.level}
            value={l.level}
            style={{
              alignItems: 'flex-start',
              padding: '8px 10px',
              borderRadius: 6,
              width: '100%',
              background: value === l.level ? '#f0f5ff' : undefined,
              border: `1px solid ${value === l.level ? '#adc6ff' : '#f0f0f0'}`,
            }}
          >
            <Typography.Text strong data-testid="rubric-option" data-level={l.level}>
              {l.level} · {l.label}
            </Typography.Text>
            {l.description ? (
              <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }}>
                {l.description}
              </Typography.Paragraph>
            ) : null}
          </Radio>
        ))}
      </Radio.Group>
      {error ? (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 8 }} data-testid="rubric-error">
          {error}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

/** 考核表: rate each rating indicator against its anchored rubric, comment, save a draft or submit. */
export function ReviewFormPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const me = useCurrentUser();
  const form = useReviewForm(id);
  const save = useSaveForm();
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const f = (k: string, o?: Record<string, unknown>) => t(`reviews.formPage.${k}`, o);
  const data = form.data;

  // Start from what is stored each time a different form (or a fresh save of it) arrives.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new form or a new save resets the draft
  useEffect(() => {
    if (!data) return;
    setRatings(data.ratings);
    setComment(data.comment ?? '');
  }, [data?.id, data?.submittedAt, data?.status]);

  const rated = useMemo(
    () => (data ? data.indicators.filter((i) => ratings[i.key] !== undefined).length : 0),
    [data, ratings],
  );

  if (form.isError) return <QueryError error={form.error} onRetry={() => void form.refetch()} />;
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const readOnly = !data.editable;

  const send = async (submit: boolean) => {
    setFormError(null);
    setFieldErrors({});
    try {
      await save.mutateAsync({ id: data.id, body: { ratings, comment: comment.trim() || null, submit } });
      void message.success(submit ? f('submitted') : f('saved'));
    } catch (err) {
      if (!isApiError(err)) {
        setFormError(t('errors.generic'));
        return;
      }
      // Submitting with indicators unrated answers field errors named ratings.<indicator key>.
      const byKey: Record<string, string> = {};
      const other: string[] = [];
      for (const e of err.fieldErrors) {
        const m = /^ratings\.(.+)$/.exec(e.field);
        if (m && data.indicators.some((i) => i.key === m[1])) byKey[m[1]] = e.message;
        else other.push(e.message);
      }
      setFieldErrors(byKey);
      const count = Object.keys(byKey).length;
      setFormError(count > 0 ? f('fixErrors', { count }) : [err.problem.detail, ...other].filter(Boolean).join(' '));
    }
  };

  const isRater = data.rater !== null && data.rater.id === me.user.employeeId;
  const readOnlyReason = !isRater
    ? f('readOnlyNotRater')
    : data.status === 'submitted'
      ? f('readOnlySubmitted', { at: formatDateTime(data.submittedAt) })
      : f('readOnlyClosed');

  return (
    <div data-testid="review-form-page" data-status={data.status} data-editable={String(data.editable)}>
      <Link to="/my-reviews" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('nav.myReviews')}
      </Link>
      <PageHeader
        title={
          <span data-testid="form-title">
            {data.raterKind === 'self' ? f('selfTitle') : f('title', { name: data.reviewee.name })}{' '}
            <Tag color={raterColors[data.raterKind]} style={{ verticalAlign: 'middle' }}>
              {t(`reviews.raterKinds.${data.raterKind}`)}
            </Tag>
          </span>
        }
        subtitle={data.cycle.name}
        extra={
          <Tag color={data.status === 'submitted' ? 'green' : 'gold'} data-testid="form-status">
            {t(`reviews.formStatuses.${data.status}`)}
          </Tag>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 4 }}
          items={[
            { key: 'reviewee', label: f('reviewee'), children: data.reviewee.name },
            { key: 'rater', label: f('rater'), children: data.rater?.name ?? f('anonymous') },
            {
              key: 'due',
              label: f('due'),
              children: data.dueDate ? formatDate(data.dueDate) : '—',
            },
            {
              key: 'progress',
              label: f('progress'),
              children: (
                <span data-testid="form-progress">{f('ratedOf', { rated, total: data.indicators.length })}</span>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {f('help')}
        </Typography.Paragraph>
      </Card>
      {readOnly ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={readOnlyReason} data-testid="form-readonly" />
      ) : null}
      {!readOnly && data.status === 'submitted' ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={f('submittedEditable')}
          data-testid="form-submitted"
        />
      ) : null}
      {formError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={formError}
          closable={{ onClose: () => setFormError(null) }}
          data-testid="form-error"
        />
      ) : null}

      {data.indicators.length === 0 ? (
        <Alert type="info" showIcon title={f('noIndicators')} style={{ marginBottom: 16 }} />
      ) : (
        data.indicators.map((indicator, i) => (
          <RubricQuestion
            key={indicator.key}
            indicator={indicator}
            index={i}
            value={ratings[indicator.key]}
            disabled={readOnly}
            error={fieldErrors[indicator.key]}
            onChange={(level) => {
              setRatings((r) => ({ ...r, [indicator.key]: level }));
              setFieldErrors(({ [indicator.key]: _, ...rest }) => rest);
            }}
          />
        ))
      )}

      <Card size="small" title={f('comment')} style={{ marginBottom: 16 }}>
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          disabled={readOnly}
          placeholder={readOnly ? undefined : f('commentPlaceholder')}
          data-testid="form-comment"
        />
      </Card>

      {readOnly ? null : (
        <Flex
          gap={8}
          justify="flex-end"
          wrap
          style={{ position: 'sticky', bottom: 0, padding: '12px 0', background: token.colorBgLayout }}
        >
          <Button
            icon={<SaveOutlined />}
            onClick={() => void send(false)}
            loading={save.isPending}
            data-testid="form-save"
          >
            {f('saveDraft')}
          </Button>
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() => void send(true)}
            loading={save.isPending}
            data-testid="form-submit"
          >
            {data.status === 'submitted' ? f('resubmit') : f('submit')}
          </Button>
        </Flex>
      )}
    </div>
  );
}
