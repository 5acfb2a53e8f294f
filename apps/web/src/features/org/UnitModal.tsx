import { createOrgUnitRequest, type OrgUnit, updateOrgUnitRequest } from '@stride/contracts';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { applyFieldErrors, serverFieldErrors, zodIssuesToFields } from '../../lib/formErrors';
import { useCreateOrgUnit, useOrgUnits, useUpdateOrgUnit } from './queries';
import { descendantIds } from './tree';

export type UnitModalMode = 'create' | 'rename' | 'move' | 'leader';

interface Values {
  name?: string;
  parentId?: string | null;
  leaderEmployeeId?: string | null;
}

interface UnitModalProps {
  mode: UnitModalMode | null;
  /** The unit acted on; for `create`, the suggested parent. */
  unit: OrgUnit | null;
  onClose: () => void;
  onSaved?: (unit: OrgUnit) => void;
}

export function UnitModal({ mode, unit, onClose, onSaved }: UnitModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const { data: units } = useOrgUnits();
  const create = useCreateOrgUnit();
  const update = useUpdateOrgUnit();
  const open = mode !== null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFormError(null);
    if (mode === 'create') form.setFieldsValue({ name: '', parentId: unit?.id ?? null, leaderEmployeeId: null });
    if (mode === 'rename') form.setFieldsValue({ name: unit?.name ?? '' });
    if (mode === 'move') form.setFieldsValue({ parentId: unit?.parentId ?? null });
    if (mode === 'leader') form.setFieldsValue({ leaderEmployeeId: unit?.leader?.id ?? null });
  }, [open, mode, unit, form]);

  const blocked = useMemo(
    () => (mode === 'move' && unit && units ? descendantIds(units, unit.id) : undefined),
    [mode, unit, units],
  );

  const title =
    mode === 'create'
      ? t('org.createTitle')
      : mode === 'rename'
        ? t('org.renameTitle')
        : mode === 'move'
          ? t('org.moveTitle')
          : t('org.leaderTitle');

  const submit = async (v: Values) => {
    setFormError(null);
    try {
      let saved: OrgUnit;
      if (mode === 'create') {
        const parsed = createOrgUnitRequest.safeParse({
          name: v.name ?? '',
          parentId: v.parentId ?? null,
          leaderEmployeeId: v.leaderEmployeeId ?? null,
        });
        if (!parsed.success) {
          applyFieldErrors(form, zodIssuesToFields(parsed.error.issues, t));
          return;
        }
        saved = await create.mutateAsync(parsed.data);
        void message.success(t('org.created'));
      } else {
        if (!unit) return;
        const body =
          mode === 'rename'
            ? { name: v.name ?? '' }
            : mode === 'move'
              ? { parentId: v.parentId ?? undefined }
              : { leaderEmployeeId: v.leaderEmployeeId ?? null };
        const parsed = updateOrgUnitRequest.safeParse(body);
        if (!parsed.success) {
          const fields = zodIssuesToFields(parsed.error.issues, t);
          if (fields.length > 0) applyFieldErrors(form, fields);
          else form.setFields([{ name: mode === 'move' ? 'parentId' : 'name', errors: [t('validation.required')] }]);
          return;
        }
        saved = await update.mutateAsync({ id: unit.id, body: parsed.data });
        void message.success(t('org.updated'));
      }
      onSaved?.(saved);
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        const fields = serverFieldErrors(err);
        if (fields.length > 0) applyFieldErrors(form, fields);
        if (err.code === 'ORG_UNIT_CYCLE') form.setFields([{ name: 'parentId', errors: [err.problem.detail] }]);
        setFormError(err.problem.detail);
      } else {
        setFormError(t('errors.generic'));
      }
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      forceRender
      okButtonProps={{ 'data-testid': 'unit-save' } as Record<string, string>}
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        {mode === 'create' || mode === 'rename' ? (
          <Form.Item name="name" label={t('org.unitName')} required>
            <Input maxLength={80} autoFocus data-testid="unit-name" />
          </Form.Item>
        ) : null}
        {mode === 'create' || mode === 'move' ? (
          <Form.Item name="parentId" label={mode === 'move' ? t('org.newParent') : t('fields.parentUnit')}>
            <UnitTreeSelect disabledIds={blocked} allowClear={mode === 'create'} data-testid="unit-parent" />
          </Form.Item>
        ) : null}
        {mode === 'create' || mode === 'leader' ? (
          <Form.Item name="leaderEmployeeId" label={t('fields.leader')}>
            <EmployeeSelect
              initialOption={mode === 'leader' ? (unit?.leader ?? null) : null}
              data-testid="unit-leader"
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
