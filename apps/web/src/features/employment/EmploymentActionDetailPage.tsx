import { ArrowLeftOutlined, ArrowRightOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { JobSnapshot } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
  Result,
  Row,
  Select,
  Spin,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDate, formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { EmploymentActionModal } from './EmploymentActionModal';
import { CurrentStep, EmploymentStatusTag } from './EmploymentActionsTable';
import { type ActionFieldError, actionFieldErrors } from './fieldErrors';
import {
  documentUrl,
  type EmploymentAction,
  type FilePurpose,
  filePurposes,
  fileUrl,
  useEmploymentAction,
  useEmploymentStep,
  useUploadActionFile,
} from './queries';
import { type StepKind, StepModal } from './StepModal';
import { Art42Checklist, EvidenceChain, SeveranceFigures, UnionNoticeForm } from './TerminationPanel';

const stepStatus = {
  approved: 'finish',
  rejected: 'error',
  pending: 'process',
  waiting: 'wait',
  skipped: 'wait',
} as const;

/** Before → after for a job change; changed parts stand out. */
function JobComparison({ from, to }: { from: JobSnapshot | null; to: JobSnapshot | null }) {
  const { t } = useTranslation();
  const parts = ['unit', 'position', 'manager'] as const;
  const rows = parts.map((part) => ({
    part,
    from: from?.[part]?.name ?? '—',
    to: to?.[part]?.name ?? '—',
    changed: (from?.[part]?.id ?? null) !== (to?.[part]?.id ?? null),
  }));
  return (
    <Table
      rowKey="part"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="employment-comparison"
      columns={[
        { title: '', key: 'part', width: 120, render: (_, r) => t(`employment.fields.${r.part}Id`) },
        { title: t('employment.before'), key: 'from', render: (_, r) => r.from },
        { title: '', key: 'arrow', width: 40, render: (_, r) => (r.changed ? <ArrowRightOutlined /> : null) },
        {
          title: t('employment.after'),
          key: 'to',
          render: (_, r) =>
            r.changed ? (
              <Typography.Text strong data-testid={`employment-to-${r.part}`}>
                {r.to}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('employment.unchanged')}</Typography.Text>
            ),
        },
      ]}
    />
  );
}

/** The kind-specific details, labelled. */
function DetailsList({ action }: { action: EmploymentAction }) {
  const { t } = useTranslation();
  const d = action.details;
  const s = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const items: { key: string; label: string; value: React.ReactNode }[] = [];
  const push = (key: string, value: React.ReactNode) => {
    if (value !== null && value !== undefined && value !== '')
      items.push({ key, label: t(`employment.fields.${key}`), value });
  };
  if (action.kind === 'coaching') {
    push('topic', s(d.topic));
    push('notes', s(d.notes));
    push('followUp', s(d.followUp));
  }
  if (action.kind === 'training') {
    push('course', s(d.courseTitle) ?? s(d.title));
    push('completed', typeof d.completed === 'boolean' ? (d.completed ? t('common.yes') : t('common.no')) : null);
    push('notes', s(d.notes));
  }
  if (action.kind === 'termination') {
    push('ground', s(d.ground) ? t(`employment.grounds.${s(d.ground)}`) : null);
    push('noticeMode', s(d.noticeMode) ? t(`employment.noticeModes.${s(d.noticeMode)}`) : null);
    push('monthlyWage', s(d.monthlyWage) ?? (typeof d.monthlyWage === 'number' ? String(d.monthlyWage) : null));
    const m = (d.misconduct ?? null) as { ruleReference?: string; facts?: string; occurredOn?: string } | null;
    if (m) {
      push('ruleReference', m.ruleReference);
      push('occurredOn', m.occurredOn ? formatDate(m.occurredOn) : null);
      push('facts', m.facts);
    }
  }
  return (
    <Descriptions size="small" column={1} data-testid="employment-details">
      <Descriptions.Item
        label={t(
          action.kind === 'coaching' || action.kind === 'training'
            ? 'employment.fields.purpose'
            : 'employment.fields.reason',
        )}
      >
        <span style={{ whiteSpace: 'pre-wrap' }}>{action.reason}</span>
      </Descriptions.Item>
      {items.map((i) => (
        <Descriptions.Item key={i.key} label={i.label}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{i.value}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

function FilesCard({ action, canUpload }: { action: EmploymentAction; canUpload: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toast = useApiErrorToast();
  const upload = useUploadActionFile();
  const [purpose, setPurpose] = useState<FilePurpose>(action.kind === 'termination' ? 'union_notice' : 'other');
  return (
    <Card size="small" title={t('employment.files.title')} style={{ marginBottom: 16 }} data-testid="employment-files">
      {canUpload ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select<FilePurpose>
            value={purpose}
            onChange={setPurpose}
            style={{ width: 200 }}
            options={filePurposes.map((p) => ({ value: p, label: t(`employment.files.purposes.${p}`) }))}
            data-testid="employment-file-purpose"
          />
          <Upload
            showUploadList={false}
            customRequest={({ file }) => {
              upload.mutate(
                { id: action.id, purpose, file: file as File },
                { onSuccess: () => void message.success(t('employment.files.uploaded')), onError: toast },
              );
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="employment-file-upload">
              {t('employment.files.upload')}
            </Button>
          </Upload>
        </Flex>
      ) : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={action.files}
        locale={{ emptyText: t('employment.files.empty') }}
        data-testid="employment-file-list"
        columns={[
          {
            title: t('employment.files.name'),
            key: 'name',
            render: (_, f) => (
              <a href={fileUrl(action.id, f.id)} download={f.fileName}>
                {f.fileName}
              </a>
            ),
          },
          {
            title: t('employment.files.purpose'),
            key: 'purpose',
            render: (_, f) => t(`employment.files.purposes.${f.purpose}`, { defaultValue: f.purpose }),
          },
          {
            title: t('employment.files.size'),
            key: 'size',
            render: (_, f) => `${Math.max(1, Math.round(f.size / 1024))} KB`,
          },
          { title: t('employment.files.by'), key: 'by', render: (_, f) => f.uploadedBy ?? '—' },
          { title: t('employment.files.at'), key: 'at', render: (_, f) => formatDateTime(f.uploadedAt) },
        ]}
      />
    </Card>
  );
}

/** One employment action: who, what, the approval chain and its decisions, documents, files, and for terminations the evidence chain. */
export function EmploymentActionDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const query = useEmploymentAction(id);
  const step = useEmploymentStep();
  const [stepKind, setStepKind] = useState<StepKind | null>(null);
  const [editing, setEditing] = useState(false);
  const [refused, setRefused] = useState<{ detail: string; missing: ActionFieldError[]; version: number } | null>(null);

  if (query.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404)
      return (
        <Result
          status="404"
          title={t('employment.notFound')}
          extra={
            <Button type="primary" onClick={() => navigate('/employment-actions')}>
              {t('employment.backToList')}
            </Button>
          }
        />
      );
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  const action = query.data;
  const isHr = me.user.role === 'admin' || me.user.role === 'hr';
  const isDraft = action.status === 'draft';
  const open = isDraft || action.status === 'pending_approval' || action.status === 'approved';
  // The server takes the Art. 42 checklist and the union notice until approval, not after.
  const editableChain = isDraft || action.status === 'pending_approval';
  const isTermination = action.kind === 'termination';
  // Employees read their own approved changes; nobody writes an action about themselves.
  const canWrite = me.user.role !== 'employee' && action.employee.id !== me.user.employeeId;

  const submit = () => {
    setRefused(null);
    step.mutate(
      { id: action.id, step: 'submit', body: { version: action.version } },
      {
        onSuccess: (a) =>
          void message.success(a.status === 'effective' ? t('employment.appliedNow') : t('employment.submitted')),
        onError: (e) => {
          if (!isApiError(e)) return void message.error(t('errors.generic'));
          const missing = actionFieldErrors(e);
          if (missing.length || e.code === 'TERMINATION_CHAIN_INCOMPLETE')
            setRefused({ detail: e.problem.detail, missing, version: action.version });
          else void message.error(e.problem.detail);
        },
      },
    );
  };

  return (
    <div data-testid="employment-detail">
      <PageHeader
        title={t('employment.detailTitle', { kind: t(`employment.kinds.${action.kind}`), name: action.employee.name })}
        subtitle={t(`employment.kindHints.${action.kind}`)}
        extra={
          <Flex gap={8} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('common.back')}
            </Button>
            {isDraft && canWrite ? (
              <Button onClick={() => setEditing(true)} data-testid="employment-edit">
                {t('employment.actions.edit')}
              </Button>
            ) : null}
            {isDraft && canWrite ? (
              <Popconfirm title={t('employment.submitConfirm')} onConfirm={submit} okText={t('common.confirm')}>
                <Button type="primary" loading={step.isPending} data-testid="employment-submit">
                  {t('employment.actions.submit')}
                </Button>
              </Popconfirm>
            ) : null}
            {action.canDecide ? (
              <>
                <Button type="primary" onClick={() => setStepKind('approve')} data-testid="employment-approve">
                  {t('employment.actions.approve')}
                </Button>
                <Button danger onClick={() => setStepKind('reject')} data-testid="employment-reject">
                  {t('employment.actions.reject')}
                </Button>
              </>
            ) : null}
            {open && canWrite ? (
              <Button danger type="text" onClick={() => setStepKind('cancel')} data-testid="employment-cancel">
                {t('employment.actions.cancel')}
              </Button>
            ) : null}
          </Flex>
        }
      />

      {refused && refused.version === action.version ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setRefused(null) }}
          style={{ marginBottom: 16 }}
          title={refused.detail}
          description={
            refused.missing.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="employment-missing-list">
                {refused.missing.map((m) => (
                  <li key={m.field + m.message} data-testid="employment-missing-item">
                    {m.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
          data-testid="employment-submit-refused"
        />
      ) : null}
      {isDraft ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('employment.draftHint')} />
      ) : null}

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('employment.fields.employee')}>
            <Link to={`/people/${action.employee.id}`} data-testid="employment-person">
              {action.employee.name}
            </Link>
            &nbsp;<span className="stride-mono">{action.employee.employeeNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('employment.fields.kind')}>
            <span data-testid="employment-kind">{t(`employment.kinds.${action.kind}`)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('employment.fields.status')}>
            <Flex gap={6} wrap>
              <EmploymentStatusTag status={action.status} />
              {action.status === 'pending_approval' ? <CurrentStep action={action} /> : null}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t(`employment.effectiveLabels.${action.kind}`)}>
            <span data-testid="employment-effective">{formatDate(action.effectiveDate)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('employment.fields.hireDate')}>
            {formatDate(action.employee.hireDate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('employment.fields.createdBy')}>
            {action.createdBy ?? '—'} · {formatDateTime(action.createdAt)}
          </Descriptions.Item>
          {action.submittedAt ? (
            <Descriptions.Item label={t('employment.fields.submittedAt')}>
              {formatDateTime(action.submittedAt)}
            </Descriptions.Item>
          ) : null}
          {action.appliedAt ? (
            <Descriptions.Item label={t('employment.fields.appliedAt')}>
              {formatDateTime(action.appliedAt)}
            </Descriptions.Item>
          ) : null}
          {action.planId ? (
            <Descriptions.Item label={t('employment.fields.plan')}>
              <Link to={`/plans/${action.planId}`}>{t('employment.openPlan')}</Link>
            </Descriptions.Item>
          ) : null}
          {action.alertId ? (
            <Descriptions.Item label={t('employment.fields.alert')}>
              <Link to={`/alerts/${action.alertId}`}>{t('employment.openAlert')}</Link>
            </Descriptions.Item>
          ) : null}
          {action.cancelReason ? (
            <Descriptions.Item label={t('employment.fields.cancelReason')}>{action.cancelReason}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          {action.from || action.to ? (
            <Card size="small" title={t('employment.jobChange')} style={{ marginBottom: 16 }}>
              <JobComparison from={action.from} to={action.to} />
            </Card>
          ) : null}
          <Card size="small" title={t('employment.reasonAndDetails')} style={{ marginBottom: 16 }}>
            <DetailsList action={action} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('employment.approvals.title')} style={{ marginBottom: 16 }}>
            {action.approvals.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  action.kind === 'coaching' || action.kind === 'training'
                    ? t('employment.approvals.none')
                    : isDraft
                      ? t('employment.approvals.afterSubmit')
                      : t('employment.approvals.notSubmitted')
                }
              />
            ) : (
              <Steps
                orientation="vertical"
                size="small"
                data-testid="employment-approvals"
                items={action.approvals.map((a) => ({
                  status: stepStatus[a.state],
                  title: (
                    <span data-testid={`approval-step-${a.step}`} data-state={a.state}>
                      {t(`employment.roles.${a.role}`)} · {t(`employment.approvals.states.${a.state}`)}
                    </span>
                  ),
                  content: (
                    <Flex vertical gap={2}>
                      {a.decidedBy ? (
                        <Typography.Text type="secondary">
                          {a.decidedBy} · {formatDateTime(a.decidedAt)}
                        </Typography.Text>
                      ) : null}
                      {a.comment ? (
                        <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{a.comment}</Typography.Text>
                      ) : null}
                    </Flex>
                  ),
                }))}
              />
            )}
          </Card>
          <Card size="small" title={t('employment.documents.title')} style={{ marginBottom: 16 }}>
            {action.documents.length === 0 ? (
              <Typography.Text type="secondary">{t('employment.documents.none')}</Typography.Text>
            ) : (
              <Flex gap={8} wrap data-testid="employment-documents">
                {action.documents.map((kind) => (
                  <Button
                    key={kind}
                    icon={<DownloadOutlined />}
                    href={documentUrl(action.id, kind)}
                    download
                    data-testid={`employment-document-${kind}`}
                  >
                    {t(`employment.documents.kinds.${kind}`, { defaultValue: kind })}
                  </Button>
                ))}
              </Flex>
            )}
          </Card>
        </Col>
      </Row>

      {isTermination ? (
        <>
          <EvidenceChain action={action} />
          <SeveranceFigures action={action} />
          <Art42Checklist action={action} editable={isHr && editableChain} />
          <UnionNoticeForm action={action} editable={isHr && editableChain} />
        </>
      ) : null}
      <FilesCard action={action} canUpload={canWrite && open && (isHr || !isTermination)} />

      <StepModal
        action={action}
        kind={stepKind}
        onClose={() => setStepKind(null)}
        onDone={(k) => {
          setStepKind(null);
          void message.success(t(`employment.stepDone.${k}`));
        }}
      />
      <EmploymentActionModal
        open={editing}
        action={action}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          void message.success(t('employment.saved'));
        }}
      />
    </div>
  );
}
