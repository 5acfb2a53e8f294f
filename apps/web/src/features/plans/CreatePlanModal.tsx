import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { CreatePlanRequest, PlanGoal, PlanSource, PlanView } from '@stride/contracts';
import { Alert, Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { todayIso } from '../../lib/format';
import { useMetricDefinitions } from '../metrics/queries';
import { useTrainingCourses } from '../training/queries';
import { useCreatePlan, useUpdatePlan } from './queries';

const addDays = (day: string, n: number) => dayjs(day).add(n, 'day').format('YYYY-MM-DD');

export interface PlanOrigin {
  source: PlanSource;
  alertId?: string;
  poolEntryId?: string;
  /** The person, when known from where the plan is created (an alert, a pool entry, a profile). */
  employee?: { id: string; name: string } | null;
}

interface Props extends PlanOrigin {
  open: boolean;
  onClose: () => void;
  onCreated: (planId: string) => void;
  /** A draft to edit instead of creating a plan (its person, source and links stay as they are). */
  editing?: PlanView;
}

interface GoalForm {
  kind: 'metric' | 'behaviour';
  metricKey?: string;
  target?: string;
  direction?: 'higher' | 'lower';
  text?: string;
  measure?: string;
}
interface FormValues {
  employeeId?: string | null;
  coachEmployeeId?: string | null;
  startDate: string;
  endDate: string;
  goals: GoalForm[];
  courseIds: string[];
  checkInDates: string[];
}

/** Creates an improvement plan (draft) from an alert, a pool entry, a profile or the plans page. */
export function CreatePlanModal({ open, onClose, onCreated, source, alertId, poolEntryId, employee, editing }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const create = useCreatePlan();
  const update = useUpdatePlan();
  const saving = editing ? update : create;
  const metrics = useMetricDefinitions();
  const courses = useTrainingCourses(open);
  const [errors, setErrors] = useState<string[]>([]);
  const start = todayIso();

  const submit = (v: FormValues) => {
    setErrors([]);
    const goals: PlanGoal[] = (v.goals ?? []).map((g) =>
      g.kind === 'metric'
        ? {
            kind: 'metric',
            metricKey: g.metricKey ?? '',
            target: (g.target ?? '').trim(),
            direction: g.direction ?? 'higher',
          }
        : { kind: 'behaviour', text: g.text ?? '', measure: g.measure ?? '' },
    );
    const onError = (error: Error) => {
      if (!isApiError(error)) return setErrors([t('errors.generic')]);
      const labels = t('plans.fields', { returnObjects: true }) as Record<string, string>;
      const fields = error.fieldErrors.map((e) => `${labels[e.field.split('.')[0]] ?? e.field}: ${e.message}`);
      setErrors([error.problem.detail, ...fields]);
    };
    if (editing) {
      update.mutate(
        {
          id: editing.id,
          body: {
            version: editing.version,
            managerEmployeeId: editing.manager.id,
            coachEmployeeId: v.coachEmployeeId ?? null,
            startDate: v.startDate,
            endDate: v.endDate,
            goals,
            courseIds: v.courseIds ?? [],
            checkInDates: (v.checkInDates ?? []).filter(Boolean),
          },
        },
        { onSuccess: (plan) => onCreated(plan.id), onError },
      );
      return;
    }
    const body: CreatePlanRequest = {
      employeeId: employee?.id ?? v.employeeId ?? '',
      source,
      alertId,
      poolEntryId,
      coachEmployeeId: v.coachEmployeeId ?? null,
      startDate: v.startDate,
      endDate: v.endDate,
      goals,
      courseIds: v.courseIds ?? [],
      checkInDates: (v.checkInDates ?? []).filter(Boolean),
    };
    create.mutate(body, {
      onSuccess: (plan) => {
        form.resetFields();
        onCreated(plan.id);
      },
      onError,
    });
  };

  return (
    <Modal
      open={open}
      title={editing ? t('plans.edit') : t('plans.create')}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      okText={editing ? t('common.save') : t('plans.create')}
      cancelText={t('common.cancel')}
      confirmLoading={saving.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'plan-create-confirm' } as Record<string, string>}
    >
      {errors.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={errors[0]}
          description={errors.length > 1 ? errors.slice(1).map((e) => <div key={e}>{e}</div>) : undefined}
          data-testid="plan-create-error"
        />
      ) : null}
      <Typography.Paragraph type="secondary">{t('plans.createHint')}</Typography.Paragraph>
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          editing
            ? {
                coachEmployeeId: editing.coach?.id ?? null,
                startDate: editing.startDate,
                endDate: editing.endDate,
                goals: editing.goals.map((g) => ({ ...g })),
                courseIds: editing.courses.map((c) => c.id),
                checkInDates: editing.checkInDates,
              }
            : {
                startDate: start,
                endDate: addDays(start, 60),
                goals: [{ kind: 'metric', direction: 'higher' }, { kind: 'behaviour' }],
                courseIds: [],
                checkInDates: [addDays(start, 14), addDays(start, 30), addDays(start, 45)],
              }
        }
        data-testid="plan-create-form"
      >
        {editing ? (
          <Form.Item label={t('plans.fields.employeeId')}>
            <Typography.Text strong data-testid="plan-create-person">
              {editing.employee.name}
            </Typography.Text>
          </Form.Item>
        ) : employee ? (
          <Form.Item label={t('plans.fields.employeeId')}>
            <Typography.Text strong data-testid="plan-create-person">
              {employee.name}
            </Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item name="employeeId" label={t('plans.fields.employeeId')} rules={[{ required: true }]}>
            <EmployeeSelect data-testid="plan-create-employee" />
          </Form.Item>
        )}
        <Flex gap={12} wrap>
          <Form.Item name="startDate" label={t('plans.fields.startDate')} rules={[{ required: true }]}>
            <Input type="date" data-testid="plan-create-start" />
          </Form.Item>
          <Form.Item name="endDate" label={t('plans.fields.endDate')} rules={[{ required: true }]}>
            <Input type="date" data-testid="plan-create-end" />
          </Form.Item>
          <Form.Item name="coachEmployeeId" label={t('plans.fields.coachEmployeeId')} style={{ minWidth: 240 }}>
            <EmployeeSelect
              excludeId={editing?.employee.id ?? employee?.id}
              initialOption={editing?.coach ?? null}
              data-testid="plan-create-coach"
            />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{t('plans.fields.goals')}</Typography.Title>
        <Form.List name="goals">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" wrap>
                  <Form.Item name={[field.name, 'kind']} style={{ width: 120 }}>
                    <Select
                      options={(['metric', 'behaviour'] as const).map((k) => ({
                        value: k,
                        label: t(`plans.goalKinds.${k}`),
                      }))}
                      data-testid={`plan-goal-kind-${field.name}`}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['goals', field.name, 'kind']) === 'metric' ? (
                        <>
                          <Form.Item
                            name={[field.name, 'metricKey']}
                            rules={[{ required: true }]}
                            style={{ width: 200 }}
                          >
                            <Select
                              showSearch={{ optionFilterProp: 'label' }}
                              placeholder={t('plans.fields.metricKey')}
                              loading={metrics.isPending}
                              options={(metrics.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
                              data-testid={`plan-goal-metric-${field.name}`}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'direction']} style={{ width: 110 }}>
                            <Select
                              options={(['higher', 'lower'] as const).map((d) => ({
                                value: d,
                                label: t(`plans.directions.${d}`),
                              }))}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'target']} rules={[{ required: true }]} style={{ width: 140 }}>
                            <Input
                              placeholder={t('plans.fields.target')}
                              data-testid={`plan-goal-target-${field.name}`}
                            />
                          </Form.Item>
                        </>
                      ) : (
                        <>
                          <Form.Item name={[field.name, 'text']} rules={[{ required: true }]} style={{ width: 240 }}>
                            <Input
                              placeholder={t('plans.fields.behaviour')}
                              data-testid={`plan-goal-text-${field.name}`}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'measure']} rules={[{ required: true }]} style={{ width: 200 }}>
                            <Input
                              placeholder={t('plans.fields.measure')}
                              data-testid={`plan-goal-measure-${field.name}`}
                            />
                          </Form.Item>
                        </>
                      )
                    }
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('plans.removeGoal')}
                      onClick={() => remove(field.name)}
                    />
                  ) : null}
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'behaviour' })} style={{ marginBottom: 16 }}>
                {t('plans.addGoal')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="courseIds" label={t('plans.fields.courseIds')}>
          <Select
            mode="multiple"
            loading={courses.isPending}
            options={(courses.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.title }))}
            notFoundContent={t('plans.noCourses')}
            data-testid="plan-create-courses"
          />
        </Form.Item>
        <Form.Item label={t('plans.fields.checkInDates')}>
          <Form.List name="checkInDates">
            {(fields, { add, remove }) => (
              <Flex gap={8} wrap>
                {fields.map((field) => (
                  <Flex key={field.key} gap={4} align="center">
                    <Form.Item name={field.name} noStyle>
                      <Input type="date" style={{ width: 150 }} />
                    </Form.Item>
                    <Button
                      type="text"
                      size="small"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('plans.removeCheckIn')}
                      onClick={() => remove(field.name)}
                    />
                  </Flex>
                ))}
                <Button size="small" icon={<PlusOutlined />} onClick={() => add(start)}>
                  {t('plans.addCheckInDate')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}
