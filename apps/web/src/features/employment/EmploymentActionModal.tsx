import type {
  CreateEmploymentActionRequest,
  EmploymentActionKind,
  JobSnapshot,
  NoticeMode,
  TerminationGround,
} from '@stride/contracts';
import { employmentActionKinds, jobChangeKinds, terminationGrounds } from '@stride/contracts';
import {
  Alert,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { todayIso } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { cityLabel } from '../calculators/format';
import { useCityWages } from '../calculators/queries';
import { useEmployee } from '../people/queries';
import { usePositions } from '../positions/queries';
import { useTrainingCourses } from '../training/queries';
import { type ActionFieldError, actionFieldErrors, splitFieldErrors } from './fieldErrors';
import { type EmploymentAction, useCreateEmploymentAction, useUpdateEmploymentAction } from './queries';

const isJobChange = (k: EmploymentActionKind | undefined): k is (typeof jobChangeKinds)[number] =>
  (jobChangeKinds as readonly string[]).includes(k ?? '');

interface FormValues {
  employeeId?: string | null;
  kind?: EmploymentActionKind;
  effectiveDate: string;
  reason?: string;
  topic?: string;
  notes?: string;
  followUp?: string;
  courseSource?: 'catalog' | 'free';
  courseId?: string;
  title?: string;
  completed?: boolean;
  unitId?: string | null;
  positionId?: string | null;
  managerId?: string | null;
  ground?: TerminationGround;
  noticeMode?: NoticeMode;
  monthlyWage?: string | number | null;
  city?: string | null;
  ruleReference?: string;
  facts?: string;
  occurredOn?: string;
}

const formFields = [
  'employeeId',
  'kind',
  'effectiveDate',
  'reason',
  'topic',
  'notes',
  'followUp',
  'courseId',
  'title',
  'completed',
  'unitId',
  'positionId',
  'managerId',
  'ground',
  'noticeMode',
  'monthlyWage',
  'city',
  'ruleReference',
  'facts',
  'occurredOn',
] as const;

interface Props {
  open: boolean;
  onClose: () => void;
  onSaved: (id: string) => void;
  /** The person, when known from where the action is created (their page). */
  employee?: { id: string; name: string } | null;
  /** Edit this draft instead of creating one. */
  action?: EmploymentAction | null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function initialValues(action: EmploymentAction | null | undefined): Partial<FormValues> {
  if (!action) return { effectiveDate: todayIso(), courseSource: 'catalog', completed: false };
  const d = action.details;
  const misconduct = (d.misconduct ?? null) as { ruleReference?: string; facts?: string; occurredOn?: string } | null;
  // Only what changes: an unchanged part of the job is left empty (= unchanged).
  const changed = (part: keyof JobSnapshot) => {
    const to = action.to?.[part]?.id;
    return to && to !== action.from?.[part]?.id ? to : undefined;
  };
  return {
    kind: action.kind,
    employeeId: action.employee.id,
    effectiveDate: action.effectiveDate,
    reason: action.reason,
    unitId: changed('unit'),
    positionId: changed('position'),
    managerId: changed('manager'),
    ground: str(d.ground) as TerminationGround | undefined,
    noticeMode: str(d.noticeMode) as NoticeMode | undefined,
    monthlyWage: str(d.monthlyWage) ?? (typeof d.monthlyWage === 'number' ? d.monthlyWage : undefined),
    city: str(d.city) ?? null,
    ruleReference: misconduct?.ruleReference,
    facts: misconduct?.facts,
    occurredOn: misconduct?.occurredOn,
  };
}

/** The person's job now, to compare with the new one. */
function CurrentJob({ employeeId, from }: { employeeId: string | undefined; from?: JobSnapshot | null }) {
  const { t } = useTranslation();
  const person = useEmployee(from ? undefined : (employeeId ?? undefined));
  const job =
    from ??
    (person.data ? { unit: person.data.unit, position: person.data.position, manager: person.data.manager } : null);
  if (!job) return null;
  return (
    <Card
      size="small"
      title={t('employment.currentJob')}
      style={{ marginBottom: 16 }}
      data-testid="employment-current-job"
    >
      <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
        <Descriptions.Item label={t('employment.fields.unitId')}>{job.unit?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('employment.fields.positionId')}>{job.position?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('employment.fields.managerId')}>{job.manager?.name ?? '—'}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** Creates an employment action (a draft, or a record for coaching and training), or edits a draft. */
export function EmploymentActionModal({ open, onClose, onSaved, employee, action }: Props) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateEmploymentAction();
  const cityWages = useCityWages();
  const update = useUpdateEmploymentAction();
  const [problem, setProblem] = useState<{ detail: string; rest: ActionFieldError[] } | null>(null);
  const kind = Form.useWatch('kind', form) ?? action?.kind;
  const employeeId = Form.useWatch('employeeId', form) ?? employee?.id ?? action?.employee.id;
  const ground = Form.useWatch('ground', form);
  const courseSource = Form.useWatch('courseSource', form);
  const positions = usePositions(open && isJobChange(kind));
  const courses = useTrainingCourses(open && kind === 'training');
  const editing = Boolean(action);
  const mayTerminate = me.user.role === 'admin' || me.user.role === 'hr';

  useEffect(() => {
    if (open) setProblem(null);
  }, [open]);

  const fail = (error: unknown) => {
    if (!isApiError(error)) {
      setProblem({ detail: t('errors.generic'), rest: [] });
      return;
    }
    const { onFields, rest } = splitFieldErrors(actionFieldErrors(error), formFields);
    form.setFields(onFields.map((f) => ({ name: f.name as keyof FormValues, errors: f.errors })));
    setProblem({ detail: error.problem.detail, rest });
  };

  const jobTarget = (v: FormValues) => ({
    ...(v.unitId ? { unitId: v.unitId } : {}),
    ...(v.positionId ? { positionId: v.positionId } : {}),
    ...(v.managerId ? { managerId: v.managerId } : {}),
  });
  const misconduct = (v: FormValues) =>
    v.ground === 'art39'
      ? { ruleReference: v.ruleReference ?? '', facts: v.facts ?? '', occurredOn: v.occurredOn ?? '' }
      : undefined;
  const wage = (v: FormValues) =>
    v.monthlyWage === undefined || v.monthlyWage === null || v.monthlyWage === '' ? undefined : String(v.monthlyWage);

  const submit = (v: FormValues) => {
    setProblem(null);
    const handlers = {
      onSuccess: (saved: EmploymentAction) => {
        form.resetFields();
        onSaved(saved.id);
      },
      onError: fail,
    };
    if (action) {
      const body: Record<string, unknown> = {
        version: action.version,
        effectiveDate: v.effectiveDate,
        reason: v.reason,
      };
      if (isJobChange(action.kind)) body.to = jobTarget(v);
      if (action.kind === 'termination') {
        if (v.ground === 'art40_2') body.noticeMode = v.noticeMode;
        body.monthlyWage = wage(v) ?? null;
        body.city = v.city || null;
        body.misconduct = misconduct(v) ?? null;
      }
      update.mutate({ id: action.id, body }, handlers);
      return;
    }
    const base = {
      employeeId: employee?.id ?? v.employeeId ?? '',
      effectiveDate: v.effectiveDate,
      reason: v.reason ?? '',
    };
    let body: CreateEmploymentActionRequest;
    switch (v.kind) {
      case 'coaching':
        body = {
          kind: 'coaching',
          ...base,
          topic: v.topic ?? '',
          notes: v.notes ?? '',
          followUp: v.followUp || undefined,
        };
        break;
      case 'training':
        body = {
          kind: 'training',
          ...base,
          courseId: v.courseSource === 'catalog' ? v.courseId : undefined,
          title: v.courseSource === 'free' ? v.title : undefined,
          completed: Boolean(v.completed),
          notes: v.notes || undefined,
        };
        break;
      case 'termination':
        body = {
          kind: 'termination',
          ...base,
          ground: v.ground ?? 'art40_2',
          noticeMode: v.ground === 'art40_2' ? v.noticeMode : undefined,
          monthlyWage: wage(v),
          city: v.city || undefined,
          misconduct: misconduct(v),
        };
        break;
      case 'rotation':
      case 'transfer':
      case 'demotion':
      case 'promotion':
        body = { kind: v.kind, ...base, to: jobTarget(v) };
        break;
      default:
        return;
    }
    create.mutate(body, handlers);
  };

  const kindOptions = employmentActionKinds
    .filter((k) => k !== 'termination' || mayTerminate)
    .map((k) => ({ value: k, label: t(`employment.kinds.${k}`) }));

  return (
    <Modal
      open={open}
      title={editing ? t('employment.editTitle') : t('employment.create')}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      okText={editing ? t('common.save') : t('employment.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'employment-form-confirm' } as Record<string, string>}
    >
      {problem ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={problem.detail}
          description={
            problem.rest.length ? problem.rest.map((e) => <div key={e.field + e.message}>{e.message}</div>) : undefined
          }
          data-testid="employment-form-error"
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed: Partial<FormValues>) => {
          if ('kind' in changed || 'ground' in changed) setProblem(null);
        }}
        initialValues={initialValues(action)}
        data-testid="employment-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            {employee || action ? (
              <Form.Item label={t('employment.fields.employee')}>
                <Typography.Text strong data-testid="employment-form-person">
                  {employee?.name ?? action?.employee.name}
                </Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item name="employeeId" label={t('employment.fields.employee')} rules={[{ required: true }]}>
                <EmployeeSelect data-testid="employment-form-employee" />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('employment.fields.kind')} rules={[{ required: true }]}>
              <Select
                options={kindOptions}
                disabled={editing}
                placeholder={t('employment.chooseKind')}
                data-testid="employment-form-kind"
              />
            </Form.Item>
          </Col>
        </Row>
        {kind ? (
          <Typography.Paragraph type="secondary" data-testid="employment-kind-hint">
            {t(`employment.kindHints.${kind}`)}
          </Typography.Paragraph>
        ) : null}

        {kind ? (
          <Form.Item
            name="effectiveDate"
            label={t(`employment.effectiveLabels.${kind}`)}
            rules={[{ required: true }]}
            style={{ maxWidth: 240 }}
          >
            <Input type="date" data-testid="employment-form-date" />
          </Form.Item>
        ) : null}

        {kind === 'coaching' && !editing ? (
          <>
            <Form.Item name="topic" label={t('employment.fields.topic')} rules={[{ required: true, max: 200 }]}>
              <Input data-testid="employment-form-topic" />
            </Form.Item>
            <Form.Item name="notes" label={t('employment.fields.notes')} rules={[{ required: true, max: 4000 }]}>
              <Input.TextArea rows={4} data-testid="employment-form-notes" />
            </Form.Item>
            <Form.Item name="followUp" label={t('employment.fields.followUp')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={2} data-testid="employment-form-follow-up" />
            </Form.Item>
          </>
        ) : null}

        {kind === 'training' && !editing ? (
          <>
            <Form.Item name="courseSource" label={t('employment.fields.course')}>
              <Radio.Group
                options={[
                  { value: 'catalog', label: t('employment.courseCatalog') },
                  { value: 'free', label: t('employment.courseFree') },
                ]}
              />
            </Form.Item>
            {courseSource === 'free' ? (
              <Form.Item name="title" label={t('employment.fields.title')} rules={[{ required: true, max: 200 }]}>
                <Input data-testid="employment-form-title" />
              </Form.Item>
            ) : (
              <Form.Item name="courseId" label={t('employment.fields.courseId')} rules={[{ required: true }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={courses.isPending}
                  options={(courses.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.title }))}
                  notFoundContent={t('employment.noCourses')}
                  data-testid="employment-form-course"
                />
              </Form.Item>
            )}
            <Form.Item name="completed" valuePropName="checked">
              <Checkbox data-testid="employment-form-completed">{t('employment.fields.completed')}</Checkbox>
            </Form.Item>
            <Form.Item name="notes" label={t('employment.fields.notes')} rules={[{ max: 4000 }]}>
              <Input.TextArea rows={3} data-testid="employment-form-notes" />
            </Form.Item>
          </>
        ) : null}

        {isJobChange(kind) ? (
          <>
            <CurrentJob employeeId={employeeId ?? undefined} from={action?.from} />
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              {t('employment.unchangedHint')}
            </Typography.Text>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="unitId" label={t('employment.fields.unitId')}>
                  <UnitTreeSelect data-testid="employment-form-unit" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="positionId" label={t('employment.fields.positionId')}>
                  <Select
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    loading={positions.isPending}
                    options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                    data-testid="employment-form-position"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="managerId" label={t('employment.fields.managerId')}>
                  <EmployeeSelect
                    excludeId={employeeId ?? undefined}
                    initialOption={action?.to?.manager ?? null}
                    data-testid="employment-form-manager"
                  />
                </Form.Item>
              </Col>
            </Row>
          </>
        ) : null}

        {kind === 'termination' ? (
          <>
            <Form.Item name="ground" label={t('employment.fields.ground')} rules={[{ required: true }]}>
              <Select
                disabled={editing}
                options={terminationGrounds.map((g) => ({ value: g, label: t(`employment.grounds.${g}`) }))}
                data-testid="employment-form-ground"
              />
            </Form.Item>
            {ground ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                title={t(`employment.grounds.${ground}`)}
                description={t(`employment.groundHelp.${ground}`)}
                data-testid="employment-ground-help"
              />
            ) : null}
            {ground === 'art40_2' ? (
              <Form.Item name="noticeMode" label={t('employment.fields.noticeMode')} rules={[{ required: true }]}>
                <Radio.Group
                  options={(['notice_30_days', 'pay_in_lieu'] as const).map((m) => ({
                    value: m,
                    label: t(`employment.noticeModes.${m}`),
                  }))}
                  data-testid="employment-form-notice-mode"
                />
              </Form.Item>
            ) : null}
            <Form.Item
              name="monthlyWage"
              label={t('employment.fields.monthlyWage')}
              extra={t('employment.monthlyWageHint')}
              style={{ maxWidth: 320 }}
            >
              <InputNumber<string>
                stringMode
                min="0"
                precision={2}
                style={{ width: '100%' }}
                data-testid="employment-form-wage"
              />
            </Form.Item>
            <Form.Item
              name="city"
              label={t('employment.fields.city')}
              extra={t('employment.cityHint')}
              style={{ maxWidth: 320 }}
            >
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={cityWages.isPending}
                options={[...new Set((cityWages.data ?? []).map((w) => w.city))]
                  .sort()
                  .map((code) => ({ value: code, label: `${cityLabel(code, t)} (${code})` }))}
                data-testid="employment-form-city"
              />
            </Form.Item>
            {ground === 'art39' ? (
              <>
                <Form.Item
                  name="ruleReference"
                  label={t('employment.fields.ruleReference')}
                  rules={[{ required: true, max: 500 }]}
                >
                  <Input data-testid="employment-form-rule" />
                </Form.Item>
                <Form.Item name="occurredOn" label={t('employment.fields.occurredOn')} rules={[{ required: true }]}>
                  <Input type="date" style={{ maxWidth: 240 }} data-testid="employment-form-occurred" />
                </Form.Item>
                <Form.Item name="facts" label={t('employment.fields.facts')} rules={[{ required: true, max: 4000 }]}>
                  <Input.TextArea rows={4} data-testid="employment-form-facts" />
                </Form.Item>
              </>
            ) : null}
          </>
        ) : null}

        {kind ? (
          <Form.Item
            name="reason"
            label={t(
              kind === 'coaching' || kind === 'training' ? 'employment.fields.purpose' : 'employment.fields.reason',
            )}
            rules={[{ required: true, max: kind === 'coaching' || kind === 'training' ? 500 : 4000 }]}
          >
            <Input.TextArea rows={3} data-testid="employment-form-reason" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
