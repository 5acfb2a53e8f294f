import { DeleteOutlined, EditOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { type TrainingCourse, trainingCourseInput } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { currentLanguage } from '../../i18n';
import { applyFieldErrors, serverFieldErrors, translateIssue } from '../../lib/formErrors';
import { useMetricDefinitions } from '../metrics/queries';
import {
  courseToInput,
  type TrainingCourseInput,
  useDeleteTrainingCourse,
  useSaveTrainingCourse,
  useTrainingCourses,
} from './queries';

interface CourseFormValues {
  title?: string;
  url?: string;
  description?: string | null;
  metricKeys?: string[];
  competencies?: string[];
  focusZh?: string;
  focusEn?: string;
  active?: boolean;
}

function toBody(v: CourseFormValues): TrainingCourseInput {
  const focus: Record<string, string> = {};
  if (v.focusZh?.trim()) focus['zh-CN'] = v.focusZh.trim();
  if (v.focusEn?.trim()) focus['en-US'] = v.focusEn.trim();
  return {
    title: (v.title ?? '').trim(),
    url: (v.url ?? '').trim(),
    description: v.description?.trim() || null,
    metricKeys: v.metricKeys ?? [],
    competencies: (v.competencies ?? []).map((c) => c.trim()).filter(Boolean),
    focus,
    active: v.active ?? true,
  };
}

const fieldOf = (path: readonly PropertyKey[]): string => {
  const [top, sub] = path.map(String);
  if (top === 'focus') return sub === 'en-US' ? 'focusEn' : 'focusZh';
  return top ?? '';
};

function CourseModal({ course, open, onClose }: { course: TrainingCourse | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CourseFormValues>();
  const save = useSaveTrainingCourse();
  const metrics = useMetricDefinitions();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFormError(null);
    form.setFieldsValue(
      course
        ? {
            title: course.title,
            url: course.url,
            description: course.description ?? '',
            metricKeys: course.metricKeys,
            competencies: course.competencies,
            focusZh: course.focus['zh-CN'] ?? '',
            focusEn: course.focus['en-US'] ?? '',
            active: course.active,
          }
        : { title: '', url: 'https://', description: '', metricKeys: [], competencies: [], active: true },
    );
  }, [open, course, form]);

  const submit = async () => {
    setFormError(null);
    const body = toBody(form.getFieldsValue(true) as CourseFormValues);
    const parsed = trainingCourseInput.safeParse(body);
    if (!parsed.success) {
      const byField = new Map<string, string[]>();
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path);
        const text = field === 'url' ? t('training.urlInvalid') : translateIssue(field, issue, t);
        const list = byField.get(field) ?? [];
        if (!list.includes(text)) list.push(text);
        byField.set(field, list);
      }
      applyFieldErrors(
        form,
        [...byField.entries()].map(([name, errors]) => ({ name, errors })),
      );
      return;
    }
    try {
      await save.mutateAsync({ id: course?.id ?? null, body });
      void message.success(t('training.saved'));
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        const fields = serverFieldErrors(err).map((f) => ({ ...f, name: f.name === 'focus' ? 'focusZh' : f.name }));
        applyFieldErrors(form, fields);
        if (fields.length === 0) setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Modal
      open={open}
      width={720}
      title={course ? t('training.edit') : t('training.new')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'course-save' } as ButtonProps}
      forceRender
    >
      <div data-testid="course-form">
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
        <Form<CourseFormValues> form={form} layout="vertical">
          <Form.Item name="title" label={t('training.fields.title')} required>
            <Input maxLength={200} data-testid="course-title" />
          </Form.Item>
          <Form.Item name="url" label={t('training.fields.url')} required extra={t('training.urlHint')}>
            <Input maxLength={1000} inputMode="url" data-testid="course-url" />
          </Form.Item>
          <Form.Item name="description" label={t('training.fields.description')}>
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
          <Form.Item name="metricKeys" label={t('training.fields.metrics')} extra={t('training.metricsHint')}>
            <Select
              mode="multiple"
              allowClear
              loading={metrics.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              options={(metrics.data ?? []).map((m) => ({ value: m.key, label: `${m.name} (${m.key})` }))}
              data-testid="course-metrics"
            />
          </Form.Item>
          <Form.Item
            name="competencies"
            label={t('training.fields.competencies')}
            extra={t('training.competenciesHint')}
          >
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="focusZh" label={t('training.fields.focusZh')}>
                <Input.TextArea rows={2} maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="focusEn" label={t('training.fields.focusEn')}>
                <Input.TextArea rows={2} maxLength={300} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t('training.focusHint')}
          </Typography.Paragraph>
          <Form.Item name="active" label={t('training.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

/** 培训课程: the catalog behaviour feedback and alert actions draw on, mapped to indicators and competencies. */
export function TrainingCoursesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const courses = useTrainingCourses();
  const metrics = useMetricDefinitions();
  const save = useSaveTrainingCourse();
  const remove = useDeleteTrainingCourse();
  const [editing, setEditing] = useState<{ course: TrainingCourse | null } | null>(null);
  const metricNames = useMemo(() => new Map((metrics.data ?? []).map((m) => [m.key, m.name])), [metrics.data]);
  const lang = currentLanguage();

  const setActive = (c: TrainingCourse, active: boolean) =>
    save.mutate({ id: c.id, body: { ...courseToInput(c), active } }, { onError: toastError });

  const columns: TableColumnsType<TrainingCourse> = [
    {
      title: t('training.fields.title'),
      key: 'title',
      render: (_, c) => (
        <div>
          <a href={c.url} target="_blank" rel="noreferrer" data-testid="course-title-link">
            {c.title} <LinkOutlined />
          </a>
          {c.description ? (
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2 }}>
              {c.description}
            </Typography.Paragraph>
          ) : null}
        </div>
      ),
    },
    {
      title: t('training.fields.metrics'),
      key: 'metrics',
      render: (_, c) =>
        c.metricKeys.length ? (
          <Space size={[0, 4]} wrap>
            {c.metricKeys.map((k) => (
              <Tag color="blue" key={k}>
                {metricNames.get(k) ?? k}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('training.fields.competencies'),
      key: 'competencies',
      render: (_, c) =>
        c.competencies.length ? (
          <Space size={[0, 4]} wrap>
            {c.competencies.map((k) => (
              <Tag key={k}>{k}</Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('training.fields.focus'),
      key: 'focus',
      width: 260,
      render: (_, c) => c.focus[lang] || c.focus['zh-CN'] || c.focus['en-US'] || '—',
    },
    {
      title: t('training.fields.active'),
      key: 'active',
      render: (_, c) => <Switch size="small" checked={c.active} onChange={(v) => setActive(c, v)} />,
    },
    {
      title: '',
      key: 'actions',
      render: (_, c) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing({ course: c })}
            data-testid="course-edit"
          >
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('training.deleteConfirm', { title: c.title })}
            okText={t('training.delete')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutateAsync(c.id).then(
                () => void message.success(t('training.deleted')),
                (err: unknown) => toastError(err),
              )
            }
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              {t('training.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="training-page">
      <PageHeader
        title={t('training.title')}
        subtitle={t('training.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ course: null })}
            data-testid="course-new"
          >
            {t('training.new')}
          </Button>
        }
      />
      {courses.isError ? (
        <QueryError error={courses.error} onRetry={() => void courses.refetch()} />
      ) : (
        <Table<TrainingCourse>
          rowKey="id"
          size="middle"
          loading={courses.isPending}
          dataSource={courses.data ?? []}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          rowClassName={(c) => (c.active ? '' : 'stride-voided')}
          locale={{ emptyText: courses.isPending ? ' ' : <Empty description={t('training.empty')} /> }}
          data-testid="courses-table"
        />
      )}
      <CourseModal open={editing !== null} course={editing?.course ?? null} onClose={() => setEditing(null)} />
    </div>
  );
}
