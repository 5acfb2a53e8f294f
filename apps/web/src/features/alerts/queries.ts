import type {
  AlertDetail,
  AlertItem,
  AlertRule,
  AlertRuleInput,
  AlertRulePreview,
  AlertSummary,
  alertAcknowledgeRequest,
  alertActionRequest,
  alertMask,
  alertMaskInput,
  alertResolveRequest,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import i18n from '../../i18n';

export type AlertMask = z.infer<typeof alertMask>;
export type AlertMaskInput = z.input<typeof alertMaskInput>;
export type AlertStatusFilter = AlertItem['status'] | 'live';

export interface AlertFilter {
  status?: AlertStatusFilter;
  severity?: AlertItem['severity'];
  employeeId?: string;
  unitId?: string;
  ruleId?: string;
  cursor?: string;
  limit?: number;
}

export interface AlertPage {
  items: AlertItem[];
  nextCursor: string | null;
  total: number;
}

const rulesKey = ['alert-rules'] as const;
const alertsKey = ['alerts'] as const;
const masksKey = ['alert-masks'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Rules

export function useAlertRules(enabled = true) {
  return useQuery<AlertRule[]>({
    queryKey: [...rulesKey, 'list'],
    queryFn: ({ signal }) => api<{ items: AlertRule[] }>('/alert-rules', { signal }).then((r) => r.items),
    enabled,
    placeholderData: keepPreviousData,
  });
}

function useRuleMutation<B, R>(request: (body: B) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: rulesKey });
    },
  });
}

export const useCreateAlertRule = () =>
  useRuleMutation((body: AlertRuleInput) => api<AlertRule>('/alert-rules', { method: 'POST', body }));

export const useUpdateAlertRule = () =>
  useRuleMutation(({ id, rule, version }: { id: string; rule: AlertRuleInput; version: number }) =>
    api<AlertRule>(`/alert-rules/${id}`, { method: 'PUT', body: { rule, version } }),
  );

export const useDeleteAlertRule = () =>
  useRuleMutation((id: string) => api<void>(`/alert-rules/${id}`, { method: 'DELETE' }));

/** Back-tests a (possibly unsaved) rule over the last 12 months; nothing is stored. */
export function useAlertRulePreview() {
  return useMutation({
    mutationFn: (body: AlertRuleInput) => api<AlertRulePreview>('/alert-rules/preview', { method: 'POST', body }),
  });
}

/** The fields of a saved rule as a rule input (for PUT), e.g. to switch it on or off. */
export function ruleToInput(rule: AlertRule): AlertRuleInput {
  return {
    kind: rule.kind,
    name: rule.name,
    enabled: rule.enabled,
    metricKey: rule.metricKey,
    periodType: rule.periodType,
    params: rule.params,
    scope: rule.scope,
    severity: rule.severity,
    minPeriods: rule.minPeriods,
    cooldownDays: rule.cooldownDays,
    recoverAfter: rule.recoverAfter,
    recipients: rule.recipients,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Alerts

export function useAlerts(filter: AlertFilter, enabled = true) {
  return useQuery({
    queryKey: [...alertsKey, 'list', filter, i18n.language],
    queryFn: ({ signal }) => api<AlertPage>('/alerts', { query: { ...filter }, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useAlertSummary() {
  return useQuery({
    queryKey: [...alertsKey, 'summary'],
    queryFn: ({ signal }) => api<AlertSummary>('/alerts/summary', { signal }),
  });
}

export function useAlert(id: string | undefined) {
  return useQuery({
    queryKey: [...alertsKey, 'detail', id, i18n.language],
    queryFn: ({ signal }) => api<AlertDetail>(`/alerts/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

function useAlertMutation<B, R>(request: (body: B) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertsKey });
      // Open-alert counts on the rules table change with the lifecycle.
      void queryClient.invalidateQueries({ queryKey: rulesKey });
    },
  });
}

export const useEvaluateAlerts = () =>
  useAlertMutation(() =>
    api<{ evaluated: number; raised: number; resolved: number }>('/alerts/evaluate', { method: 'POST', body: {} }),
  );

export const useAcknowledgeAlert = () =>
  useAlertMutation(({ id, ...body }: z.input<typeof alertAcknowledgeRequest> & { id: string }) =>
    api<AlertDetail>(`/alerts/${id}/acknowledge`, { method: 'POST', body }),
  );

export const useLinkAlertAction = () =>
  useAlertMutation(({ id, ...body }: z.input<typeof alertActionRequest> & { id: string }) =>
    api<AlertDetail>(`/alerts/${id}/actions`, { method: 'POST', body }),
  );

export const useResolveAlert = () =>
  useAlertMutation(({ id, ...body }: z.input<typeof alertResolveRequest> & { id: string }) =>
    api<AlertDetail>(`/alerts/${id}/resolve`, { method: 'POST', body }),
  );

// ---------------------------------------------------------------------------------------------------------------
// Masks

/** One person's masks (entered and derived), or without a person every entered mask in the reader's scope. */
export function useAlertMasks(employeeId: string | null) {
  return useQuery<AlertMask[]>({
    queryKey: [...masksKey, employeeId],
    queryFn: ({ signal }) =>
      api<{ items: AlertMask[] }>('/alert-masks', { query: { employeeId }, signal }).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

function useMaskMutation<B>(request: (body: B) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: masksKey });
    },
  });
}

export const useCreateAlertMask = () =>
  useMaskMutation((body: AlertMaskInput) => api<AlertMask>('/alert-masks', { method: 'POST', body }));

export const useDeleteAlertMask = () =>
  useMaskMutation((id: string) => api<void>(`/alert-masks/${id}`, { method: 'DELETE' }));
