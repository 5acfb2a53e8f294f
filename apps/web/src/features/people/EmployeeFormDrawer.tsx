import {
  type CreateEmployeeRequest,
  contractTypes,
  createEmployeeRequest,
  type Employee,
  type EmployeeStatus,
  employeeDateIssues,
  employeeStatuses,
  type UpdateEmployeeRequest,
  updateEmployeeRequest,
} from '@stride/contracts';
import { Alert, App, Button, Col, DatePicker, Drawer, Flex, Form, Grid, Input, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import {
  applyFieldErrors,
  type FieldErrorEntry,
  serverFieldErrors,
  translateCode,
  zodIssuesToFields,
} from '../../lib/formErrors';
import { usePositions } from '../positions/queries';
import { useCreateEmployee, useUpdateEmployee } from './queries';

type ContractType = (typeof contractTypes)[number];

interface FormValues {
  employeeNo?: string;
  name?: string;
  email?: string;
  status?: EmployeeStatus;
  unitId?: string | null;
  positionId?: string | null;
  managerId?: string | null;
  hireDate?: Dayjs | null;
  contractType?: ContractType;
  contractStartDate?: Dayjs | null;
  contractEndDate?: Dayjs | null;
  probationEndDate?: Dayjs | null;
  regularizationDate?: Dayjs | null;
  exitDate?: Dayjs | null;
  idNumber?: string;
  bankAccount?: string;
  phone?: string;
  effectiveDate?: Dayjs | null;
  changeReason?: string;
}

const dateFields = [
  'hireDate',
  'contractStartDate',
  'contractEndDate',
  'probationEndDate',
  'regularizationDate',
  'exitDate',
] as const;
type DateField = (typeof dateFields)[number];

const personalKeys = ['idNumber', 'bankAccount', 'phone'] as const;

/** Error codes that belong to one field when the server does not name the field itself. */
const codeFields: Partial<Record<string, keyof FormValues>> = {
  EMPLOYEE_NO_TAKEN: 'employeeNo',
  MANAGER_SELF: 'managerId',
  INVALID_ID_NUMBER: 'idNumber',
  PROBATION_TOO_LONG: 'probationEndDate',
  PROBATION_NOT_ALLOWED: 'probationEndDate',
  PROBATION_BEFORE_START: 'probationEndDate',
};

function toDate(d: Dayjs | null | undefined): string | null {
  return d?.isValid() ? d.format('YYYY-MM-DD') : null;
}

function fromDate(s: string | null | undefined): Dayjs | null {
  return s ? dayjs(s) : null;
}

function text(s: string | null | undefined): string | null {
  const v = (s ?? '').trim();
  return v ? v : null;
}

function initialValues(employee: Employee | undefined): FormValues {
  if (!employee) {
    return {
      status: 'probation',
      contractType: 'fixed_term',
      hireDate: dayjs(),
      contractStartDate: dayjs(),
      positionId: null,
      managerId: null,
    };
  }
  return {
    employeeNo: employee.employeeNo,
    name: employee.name,
    email: employee.email ?? '',
    status: employee.status,
    unitId: employee.unit.id,
    positionId: employee.position?.id ?? null,
    managerId: employee.manager?.id ?? null,
    hireDate: fromDate(employee.hireDate),
    contractType: employee.contractType,
    contractStartDate: fromDate(employee.contractStartDate),
    contractEndDate: fromDate(employee.contractEndDate),
    probationEndDate: fromDate(employee.probationEndDate),
    regularizationDate: fromDate(employee.regularizationDate),
    exitDate: fromDate(employee.exitDate),
    idNumber: '',
    bankAccount: '',
    phone: '',
    effectiveDate: dayjs(),
    changeReason: '',
  };
}

function mergeErrors(...lists: FieldErrorEntry[][]): FieldErrorEntry[] {
  const byField = new Map<string, string[]>();
  for (const list of lists) {
    for (const entry of list) {
      const current = byField.get(entry.name) ?? [];
      for (const e of entry.errors) if (!current.includes(e)) current.push(e);
      byField.set(entry.name, current);
    }
  }
  return [...byField.entries()].map(([name, errors]) => ({ name, errors }));
}

interface EmployeeFormDrawerProps {
  open: boolean;
  onClose: () => void;
  /** When set, the drawer edits this person; otherwise it creates a new one. */
  employee?: Employee;
  onSaved?: (employee: Employee) => void;
}

export function EmployeeFormDrawer({ open, onClose, employee, onSaved }: EmployeeFormDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const { data: positions, isLoading: positionsLoading } = usePositions(open);
  const create = useCreateEmployee();
  const update = useUpdateEmployee();
  const isEdit = Boolean(employee);
  const saving = create.isPending || update.isPending;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initialValues(employee));
      setFormError(null);
    }
  }, [open, employee, form]);

  const unitId = Form.useWatch('unitId', form);
  const positionId = Form.useWatch('positionId', form);
  const managerId = Form.useWatch('managerId', form);
  const contractType = Form.useWatch('contractType', form);
  const assignmentChanged =
    isEdit &&
    employee !== undefined &&
    ((unitId !== undefined && unitId !== employee.unit.id) ||
      (positionId !== undefined && (positionId ?? null) !== (employee.position?.id ?? null)) ||
      (managerId !== undefined && (managerId ?? null) !== (employee.manager?.id ?? null)));

  const dateRuleErrors = (v: Parameters<typeof employeeDateIssues>[0]): FieldErrorEntry[] =>
    employeeDateIssues(v).map((i) => ({ name: i.path, errors: [translateCode(i.code, t, i.path)] }));

  const showErrors = (errors: FieldErrorEntry[]) => {
    applyFieldErrors(form, errors);
    setFormError(t('form.fixErrors'));
    const first = errors[0]?.name;
    if (first) form.scrollToField(first as keyof FormValues, { behavior: 'smooth', block: 'center' });
  };

  const handleServerError = (err: unknown) => {
    if (isApiError(err)) {
      const fields = serverFieldErrors(err);
      const codeField = codeFields[err.code];
      if (fields.length === 0 && codeField) fields.push({ name: codeField, errors: [err.problem.detail] });
      if (fields.length > 0) {
        applyFieldErrors(form, fields);
        form.scrollToField(fields[0].name as keyof FormValues, { behavior: 'smooth', block: 'center' });
      }
      setFormError(err.problem.detail);
      void message.error(err.problem.detail);
    } else {
      setFormError(t('errors.generic'));
    }
  };

  const submitCreate = async (v: FormValues) => {
    const payload = {
      employeeNo: v.employeeNo ?? undefined,
      name: v.name ?? undefined,
      email: text(v.email),
      status: v.status,
      unitId: v.unitId ?? undefined,
      positionId: v.positionId ?? null,
      managerId: v.managerId ?? null,
      hireDate: toDate(v.hireDate) ?? undefined,
      contractType: v.contractType,
      contractStartDate: toDate(v.contractStartDate) ?? undefined,
      contractEndDate: toDate(v.contractEndDate),
      probationEndDate: toDate(v.probationEndDate),
      regularizationDate: toDate(v.regularizationDate),
      exitDate: toDate(v.exitDate),
      idNumber: text(v.idNumber),
      bankAccount: text(v.bankAccount),
      phone: text(v.phone),
    };
    const parsed = createEmployeeRequest.safeParse(payload);
    if (!parsed.success) {
      showErrors(
        mergeErrors(
          zodIssuesToFields(parsed.error.issues, t),
          dateRuleErrors({ ...payload, contractType: payload.contractType }),
        ),
      );
      return;
    }
    try {
      const body: CreateEmployeeRequest = parsed.data;
      const created = await create.mutateAsync(body);
      void message.success(t('form.created'));
      onSaved?.(created);
      onClose();
    } catch (err) {
      handleServerError(err);
    }
  };

  const submitUpdate = async (current: Employee, v: FormValues) => {
    const diff: UpdateEmployeeRequest = {};
    const employeeNo = (v.employeeNo ?? '').trim();
    if (employeeNo !== current.employeeNo) diff.employeeNo = employeeNo;
    const name = (v.name ?? '').trim();
    if (name !== current.name) diff.name = name;
    const email = text(v.email);
    if (email !== (current.email ?? null)) diff.email = email;
    if (v.status && v.status !== current.status) diff.status = v.status;
    if (v.contractType && v.contractType !== current.contractType) diff.contractType = v.contractType;
    if (v.unitId && v.unitId !== current.unit.id) diff.unitId = v.unitId;
    if ((v.positionId ?? null) !== (current.position?.id ?? null)) diff.positionId = v.positionId ?? null;
    if ((v.managerId ?? null) !== (current.manager?.id ?? null)) diff.managerId = v.managerId ?? null;
    for (const field of dateFields) {
      const next = toDate(v[field]);
      const prev = current[field as DateField] ?? null;
      if (next !== prev) {
        if ((field === 'hireDate' || field === 'contractStartDate') && next === null) {
          showErrors([{ name: field, errors: [t('validation.required')] }]);
          return;
        }
        (diff as Record<DateField, string | null>)[field] = next;
      }
    }
    for (const field of personalKeys) {
      const value = text(v[field]);
      if (value) diff[field] = value;
    }
    const changesAssignment = 'unitId' in diff || 'positionId' in diff || 'managerId' in diff;
    if (Object.keys(diff).length === 0) {
      void message.info(t('form.nothingChanged'));
      return;
    }
    if (changesAssignment) {
      diff.effectiveDate = toDate(v.effectiveDate) ?? dayjs().format('YYYY-MM-DD');
      const reason = text(v.changeReason);
      if (reason) diff.changeReason = reason;
    }

    const parsed = updateEmployeeRequest.safeParse(diff);
    const merged = {
      status: diff.status ?? current.status,
      hireDate: diff.hireDate ?? current.hireDate,
      contractType: diff.contractType ?? current.contractType,
      contractStartDate: diff.contractStartDate ?? current.contractStartDate,
      contractEndDate: 'contractEndDate' in diff ? diff.contractEndDate : current.contractEndDate,
      probationEndDate: 'probationEndDate' in diff ? diff.probationEndDate : current.probationEndDate,
      regularizationDate: 'regularizationDate' in diff ? diff.regularizationDate : current.regularizationDate,
      exitDate: 'exitDate' in diff ? diff.exitDate : current.exitDate,
    };
    const errors = mergeErrors(parsed.success ? [] : zodIssuesToFields(parsed.error.issues, t), dateRuleErrors(merged));
    if (errors.length > 0) {
      showErrors(errors);
      return;
    }
    try {
      const updated = await update.mutateAsync({ id: current.id, body: diff });
      void message.success(t('form.updated'));
      onSaved?.(updated);
      onClose();
    } catch (err) {
      handleServerError(err);
    }
  };

  const onFinish = (values: FormValues) => {
    setFormError(null);
    if (employee) void submitUpdate(employee, values);
    else void submitCreate(values);
  };

  const datePicker = (testId: string) => (
    <DatePicker style={{ width: '100%' }} placeholder={t('form.selectDate')} data-testid={testId} />
  );

  const personalPlaceholder = (field: (typeof personalKeys)[number]) => {
    if (!employee) return undefined;
    const masked = employee.personal[field];
    return masked ? `${masked} · ${t('form.unchangedPlaceholder')}` : t('form.unchangedPlaceholder');
  };

  const section = (title: string) => (
    <Typography.Title level={5} style={{ marginTop: 8, marginBottom: 12 }}>
      {title}
    </Typography.Title>
  );

  return (
    <Drawer
      title={employee ? t('form.editTitle', { name: employee.name }) : t('form.createTitle')}
      open={open}
      onClose={onClose}
      size={screens.md === false ? '100%' : 760}
      forceRender
      mask={{ closable: false }}
      data-testid="person-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="person-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {formError ? (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setFormError(null) }}
          data-testid="person-form-error"
        />
      ) : null}
      <Form<FormValues> form={form} layout="vertical" onFinish={onFinish} scrollToFirstError>
        {section(t('form.basicSection'))}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="employeeNo" label={t('fields.employeeNo')} required>
              <Input maxLength={32} autoComplete="off" data-testid="field-employeeNo" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('fields.name')} required>
              <Input maxLength={64} autoComplete="off" data-testid="field-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="email" label={t('fields.email')}>
              <Input type="email" maxLength={254} autoComplete="off" data-testid="field-email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="status" label={t('fields.status')} required>
              <Select
                options={employeeStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
                data-testid="field-status"
              />
            </Form.Item>
          </Col>
        </Row>

        {section(t('form.jobSection'))}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="unitId" label={t('fields.unit')} required>
              <UnitTreeSelect allowClear={false} data-testid="field-unitId" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="positionId" label={t('fields.position')}>
              <Select<string | null>
                allowClear
                loading={positionsLoading}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.selectPosition')}
                options={(positions ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.level}` }))}
                data-testid="field-positionId"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="managerId" label={t('fields.manager')}>
              <EmployeeSelect
                initialOption={employee?.manager ?? null}
                excludeId={employee?.id}
                placeholder={t('form.selectManager')}
                data-testid="field-managerId"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="hireDate" label={t('fields.hireDate')} required>
              {datePicker('field-hireDate')}
            </Form.Item>
          </Col>
        </Row>
        {assignmentChanged ? (
          <div
            style={{ padding: '12px 16px 0', marginBottom: 16, background: '#f4f7ff', borderRadius: 8 }}
            data-testid="job-change-section"
          >
            <Typography.Text strong>{t('form.changeTitle')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {t('form.changeHint')}
            </Typography.Paragraph>
            <Row gutter={16}>
              <Col xs={24} md={10}>
                <Form.Item name="effectiveDate" label={t('fields.effectiveDate')}>
                  {datePicker('field-effectiveDate')}
                </Form.Item>
              </Col>
              <Col xs={24} md={14}>
                <Form.Item name="changeReason" label={t('fields.changeReason')}>
                  <Input
                    maxLength={200}
                    placeholder={t('form.changeReasonPlaceholder')}
                    data-testid="field-changeReason"
                  />
                </Form.Item>
              </Col>
            </Row>
          </div>
        ) : null}

        {section(t('form.contractSection'))}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="contractType" label={t('fields.contractType')} required>
              <Select
                options={contractTypes.map((c) => ({ value: c, label: t(`contractType.${c}`) }))}
                data-testid="field-contractType"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contractStartDate" label={t('fields.contractStartDate')} required>
              {datePicker('field-contractStartDate')}
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="contractEndDate"
              label={t('fields.contractEndDate')}
              required={contractType === 'fixed_term'}
            >
              {datePicker('field-contractEndDate')}
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="probationEndDate" label={t('fields.probationEndDate')}>
              {datePicker('field-probationEndDate')}
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="regularizationDate" label={t('fields.regularizationDate')}>
              {datePicker('field-regularizationDate')}
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="exitDate" label={t('fields.exitDate')}>
              {datePicker('field-exitDate')}
            </Form.Item>
          </Col>
        </Row>

        {section(t('form.personalSection'))}
        {isEdit ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {t('form.personalHint')}
          </Typography.Paragraph>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="idNumber" label={t('fields.idNumber')}>
              <Input
                maxLength={18}
                autoComplete="off"
                placeholder={personalPlaceholder('idNumber')}
                data-testid="field-idNumber"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('fields.phone')}>
              <Input
                maxLength={20}
                autoComplete="off"
                inputMode="tel"
                placeholder={personalPlaceholder('phone')}
                data-testid="field-phone"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="bankAccount" label={t('fields.bankAccount')}>
              <Input
                maxLength={40}
                autoComplete="off"
                inputMode="numeric"
                placeholder={personalPlaceholder('bankAccount')}
                data-testid="field-bankAccount"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
