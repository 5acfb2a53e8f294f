import type { ApprovalRole, EmploymentActionKind } from '@stride/contracts';
import { approvalRoles } from '@stride/contracts';
import { Alert, App, Button, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useCurrentUser } from '../auth/queries';
import { type ApprovalChainConfig, useApprovalChains, useSaveApprovalChain } from './queries';

function ChainEditor({ chain, editable }: { chain: ApprovalChainConfig; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toast = useApiErrorToast();
  const save = useSaveApprovalChain();
  const [steps, setSteps] = useState<ApprovalRole[]>(chain.steps);
  const dirty = steps.join() !== chain.steps.join();
  // Coaching and training are records: in effect when recorded, never approved.
  if (chain.kind === 'coaching' || chain.kind === 'training')
    return <Typography.Text type="secondary">{t('employment.chains.records')}</Typography.Text>;
  if (!editable)
    return (
      <span data-testid={`chain-steps-${chain.kind}`}>
        {chain.steps.length
          ? chain.steps.map((r, i) => (
              <Tag key={r}>
                {i + 1}. {t(`employment.roles.${r}`)}
              </Tag>
            ))
          : t('employment.chains.noApproval')}
      </span>
    );
  return (
    <Flex gap={8} wrap align="center">
      <Select<ApprovalRole[]>
        mode="multiple"
        value={steps}
        onChange={setSteps}
        style={{ minWidth: 320 }}
        placeholder={t('employment.chains.noApproval')}
        options={approvalRoles.map((r) => ({ value: r, label: t(`employment.roles.${r}`) }))}
        labelRender={({ value }) =>
          `${steps.indexOf(value as ApprovalRole) + 1}. ${t(`employment.roles.${String(value)}`)}`
        }
        data-testid={`chain-steps-${chain.kind}`}
      />
      <Button
        type="primary"
        disabled={!dirty}
        loading={save.isPending}
        onClick={() =>
          save.mutate(
            { kind: chain.kind, steps },
            { onSuccess: () => void message.success(t('employment.chains.saved')), onError: toast },
          )
        }
        data-testid={`chain-save-${chain.kind}`}
      >
        {t('common.save')}
      </Button>
      {dirty ? (
        <Button type="link" onClick={() => setSteps(chain.steps)}>
          {t('common.reset')}
        </Button>
      ) : null}
    </Flex>
  );
}

/** Approval chains per kind of employment action: admins edit them, HR reads them. */
export function ApprovalChainsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const editable = me.user.role === 'admin';
  const chains = useApprovalChains();
  return (
    <div data-testid="approval-chains-page">
      <PageHeader title={t('employment.chains.title')} subtitle={t('employment.chains.subtitle')} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={editable ? t('employment.chains.hintAdmin') : t('employment.chains.hintReadOnly')}
      />
      {chains.isError ? (
        <QueryError error={chains.error} onRetry={() => void chains.refetch()} />
      ) : (
        <Table<ApprovalChainConfig>
          rowKey="kind"
          loading={chains.isPending}
          dataSource={chains.data ?? []}
          pagination={false}
          data-testid="approval-chains"
          columns={[
            {
              title: t('employment.fields.kind'),
              key: 'kind',
              width: 180,
              render: (_, c) => (
                <Flex gap={6} align="center">
                  <Typography.Text strong>{t(`employment.kinds.${c.kind as EmploymentActionKind}`)}</Typography.Text>
                  {c.isDefault ? (
                    <Tag data-testid={`chain-default-${c.kind}`}>{t('employment.chains.default')}</Tag>
                  ) : null}
                </Flex>
              ),
            },
            {
              title: t('employment.chains.steps'),
              key: 'steps',
              render: (_, c) => <ChainEditor key={c.steps.join()} chain={c} editable={editable} />,
            },
          ]}
        />
      )}
    </div>
  );
}
