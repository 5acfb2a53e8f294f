import { CalculatorOutlined } from '@ant-design/icons';
import {
  type SeveranceGroundCode,
  type SeveranceRequest,
  type SeveranceResponse,
  severanceGrounds,
  severanceRequest,
} from '@stride/contracts';
import { Alert, Button, Card, DatePicker, Form, Input, Segmented, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { isApiError } from '../../api/client';
import { applyFieldErrors, type FieldErrorEntry, serverFieldErrors, translateIssue } from '../../lib/formErrors';
import { cityLabel } from './format';
import { useCityWages, useSeveranceCalculation } from './queries';

interface FormValues {
  monthlyWage?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  ground?: SeveranceGroundCode;
  averageSource?: 'amount' | 'city';
  city?: string;
  localAverageMonthlyWage?: string;
  lastMonthWage?: string;
  noticeGiven?: boolean;
  renewalOfferedAndRefused?: boolean;
  localMinimumWage?: string;
}

const ISO = 'YYYY-MM-DD';
const ART40 = new Set<SeveranceGroundCode>(['art40_1', 'art40_2', 'art40_3']);
/** Codes of the calculator's own checks, worded in calculators.validation. */
const ownCodes = new Set(['AMOUNT_INVALID', 'AMOUNT_NOT_POSITIVE', 'CITY_INVALID']);

function issuesToFields(
  issues: readonly z.core.$ZodIssue[],
  body: SeveranceRequest,
  source: 'amount' | 'city',
  t: TFunction,
) {
  const byField = new Map<string, string[]>();
  for (const issue of issues) {
    let field = String(issue.path[0] ?? '');
    let message: string;
    if (body[field as keyof SeveranceRequest] === '') message = t('validation.required');
    else if (issue.message === 'AVERAGE_OR_CITY') {
      field = source === 'city' ? 'city' : 'localAverageMonthlyWage';
      message = t('validation.required');
    } else if (ownCodes.has(issue.message)) message = t(`calculators.validation.${issue.message}`);
    else message = translateIssue(field, issue, t);
    if (!field) continue;
    const list = byField.get(field) ?? [];
    if (!list.includes(message)) list.push(message);
    byField.set(field, list);
  }
  return [...byField.entries()].map(([name, errors]): FieldErrorEntry => ({ name, errors }));
}

/** The calculator's inputs; the answer goes to `onResult` (nothing is stored). */
export function SeveranceForm({ onResult }: { onResult: (r: SeveranceResponse | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const calculate = useSeveranceCalculation();
  const cityWages = useCityWages();
  const [formError, setFormError] = useState<string | null>(null);
  const ground = Form.useWatch('ground', form);
  const source = Form.useWatch('averageSource', form) ?? 'amount';

  const cities = useMemo(
    () =>
      [...new Set((cityWages.data ?? []).map((w) => w.city))]
        .sort()
        .map((code) => ({ value: code, label: `${cityLabel(code, t)} (${code})` })),
    [cityWages.data, t],
  );

  const submit = async (v: FormValues) => {
    setFormError(null);
    const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
    const body: SeveranceRequest = {
      monthlyWage: v.monthlyWage?.trim() ?? '',
      startDate: v.startDate ? v.startDate.format(ISO) : '',
      endDate: v.endDate ? v.endDate.format(ISO) : '',
      ground: v.ground ?? 'art40_2',
      ...(source === 'city' ? { city: text(v.city) } : { localAverageMonthlyWage: text(v.localAverageMonthlyWage) }),
      lastMonthWage: v.ground && ART40.has(v.ground) ? text(v.lastMonthWage) : undefined,
      noticeGiven: v.ground && ART40.has(v.ground) ? Boolean(v.noticeGiven) : undefined,
      renewalOfferedAndRefused: v.ground === 'contract_expiry' ? Boolean(v.renewalOfferedAndRefused) : undefined,
      localMinimumWage: text(v.localMinimumWage),
    };
    const parsed = severanceRequest.safeParse(body);
    if (!parsed.success) {
      applyFieldErrors(form, issuesToFields(parsed.error.issues, body, source, t));
      return;
    }
    try {
      onResult(await calculate.mutateAsync(body));
      form.setFields(
        Object.keys(form.getFieldsValue(true)).map((name) => ({ name: name as keyof FormValues, errors: [] })),
      );
    } catch (err) {
      onResult(null);
      if (isApiError(err)) {
        applyFieldErrors(form, serverFieldErrors(err));
        setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Card title={t('calculators.severance.formTitle')}>
      {formError ? (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="severance-error" />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        // An error belongs to the value it was about: editing the field clears it.
        onValuesChange={(changed) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof FormValues, errors: [] })))
        }
        initialValues={{ ground: 'art40_2', averageSource: 'amount', noticeGiven: false }}
        data-testid="severance-form"
      >
        <Form.Item
          name="monthlyWage"
          label={t('calculators.severance.monthlyWage')}
          extra={t('calculators.severance.monthlyWageHint')}
          required
        >
          <Input inputMode="decimal" autoComplete="off" maxLength={20} prefix="¥" data-testid="severance-wage" />
        </Form.Item>
        <Form.Item name="startDate" label={t('calculators.severance.startDate')} required>
          <DatePicker format={ISO} style={{ width: '100%' }} data-testid="severance-start" />
        </Form.Item>
        <Form.Item
          name="endDate"
          label={t('calculators.severance.endDate')}
          extra={t('calculators.severance.endDateHint')}
          required
        >
          <DatePicker format={ISO} style={{ width: '100%' }} data-testid="severance-end" />
        </Form.Item>
        <Form.Item name="ground" label={t('calculators.severance.ground')} required>
          <Select
            options={severanceGrounds.map((g) => ({ value: g, label: t(`calculators.grounds.${g}`) }))}
            data-testid="severance-ground"
          />
        </Form.Item>
        {ground && ART40.has(ground) ? (
          <>
            <Form.Item name="noticeGiven" label={t('calculators.severance.noticeGiven')} valuePropName="checked">
              <Switch data-testid="severance-notice-given" />
            </Form.Item>
            <Form.Item
              name="lastMonthWage"
              label={t('calculators.severance.lastMonthWage')}
              extra={t('calculators.severance.lastMonthWageHint')}
            >
              <Input inputMode="decimal" autoComplete="off" maxLength={20} prefix="¥" />
            </Form.Item>
          </>
        ) : null}
        {ground === 'contract_expiry' ? (
          <Form.Item
            name="renewalOfferedAndRefused"
            label={t('calculators.severance.renewalRefused')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        ) : null}
        <Form.Item name="averageSource" label={t('calculators.severance.averageSource')}>
          <Segmented
            options={[
              { value: 'amount', label: t('calculators.severance.byAmount') },
              { value: 'city', label: t('calculators.severance.byCity') },
            ]}
            data-testid="severance-average-source"
          />
        </Form.Item>
        {source === 'city' ? (
          <Form.Item
            name="city"
            label={t('calculators.severance.city')}
            extra={t('calculators.severance.cityHint')}
            required
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={cities}
              loading={cityWages.isPending}
              data-testid="severance-city"
            />
          </Form.Item>
        ) : (
          <Form.Item name="localAverageMonthlyWage" label={t('calculators.severance.localAverage')} required>
            <Input inputMode="decimal" autoComplete="off" maxLength={20} prefix="¥" data-testid="severance-average" />
          </Form.Item>
        )}
        <Form.Item
          name="localMinimumWage"
          label={t('calculators.severance.localMinimumWage')}
          extra={t('calculators.severance.localMinimumWageHint')}
        >
          <Input inputMode="decimal" autoComplete="off" maxLength={20} prefix="¥" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<CalculatorOutlined />}
          loading={calculate.isPending}
          block
          data-testid="severance-calculate"
        >
          {t('calculators.severance.calculate')}
        </Button>
      </Form>
    </Card>
  );
}
