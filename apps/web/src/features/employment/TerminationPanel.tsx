import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import type { Art42Item, ChainItem } from '@stride/contracts';
import { art42Items } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  List,
  Radio,
  Row,
  Select,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { formatDate } from '../../lib/format';
import { type ActionFieldError, actionFieldErrors, splitFieldErrors } from './fieldErrors';
import { type EmploymentAction, fileUrl, useSaveArt42, useSaveUnionNotice } from './queries';

const money = (v: string, lang: string) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' }).format(Number(v));

function ChainStatusIcon({ status }: { status: ChainItem['status'] }) {
  if (status === 'met') return <CheckCircleFilled style={{ color: '#52c41a', fontSize: 18 }} />;
  if (status === 'missing') return <CloseCircleFilled style={{ color: '#ff4d4f', fontSize: 18 }} />;
  return <MinusCircleOutlined style={{ color: '#bfbfbf', fontSize: 18 }} />;
}

function EvidenceLink({ href, children }: { href: string | null; children: React.ReactNode }) {
  if (!href) return <>{children}</>;
  if (href.startsWith('/api/') || /^https?:/.test(href))
    return (
      <a href={href} target="_blank" rel="noreferrer">
        {children}
      </a>
    );
  return <Link to={href}>{children}</Link>;
}

/** The termination's evidence chain: each link met ✓, missing ✗ or not applicable —, with what was found. */
export function EvidenceChain({ action }: { action: EmploymentAction }) {
  const { t } = useTranslation();
  const chain = action.chain;
  if (!chain) return null;
  return (
    <Card
      size="small"
      title={t('employment.chain.title')}
      extra={
        <Tag color={chain.complete ? 'green' : 'red'} data-testid="employment-chain-complete">
          {chain.complete ? t('employment.chain.complete') : t('employment.chain.incomplete')}
        </Tag>
      }
      style={{ marginBottom: 16 }}
    >
      <List
        dataSource={chain.items}
        data-testid="employment-chain"
        renderItem={(item) => (
          <List.Item data-testid={`chain-item-${item.key}`} data-status={item.status}>
            <Flex gap={12} align="start" style={{ width: '100%' }}>
              <span role="img" aria-label={t(`employment.chain.statuses.${item.status}`)}>
                <ChainStatusIcon status={item.status} />
              </span>
              <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text strong>
                  {item.label}{' '}
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    · {t(`employment.chain.statuses.${item.status}`)}
                  </Typography.Text>
                </Typography.Text>
                <Typography.Text type={item.status === 'missing' ? 'danger' : 'secondary'}>
                  {item.detail}
                </Typography.Text>
                {item.evidence.length ? (
                  <Flex gap={8} wrap>
                    {item.evidence.map((e) => (
                      <Tag key={`${e.kind}${e.id ?? ''}${e.label}`}>
                        <EvidenceLink href={e.href}>
                          {e.date ? `${formatDate(e.date)} · ` : ''}
                          {e.label}
                        </EvidenceLink>
                      </Tag>
                    ))}
                  </Flex>
                ) : null}
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

interface Art42Saved {
  item: Art42Item;
  applies: boolean;
  note?: string | null;
}

function savedArt42(action: EmploymentAction): Art42Saved[] {
  const raw = action.details.art42 as unknown;
  const list = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object' && Array.isArray((raw as { items?: unknown }).items)
      ? (raw as { items: unknown[] }).items
      : [];
  return list.filter(
    (x): x is Art42Saved =>
      Boolean(x) &&
      typeof x === 'object' &&
      typeof (x as Art42Saved).item === 'string' &&
      typeof (x as Art42Saved).applies === 'boolean',
  );
}

type Art42Form = Record<Art42Item, { applies?: 'yes' | 'no'; note?: string }>;

/** HR confirms, for each Art. 42 protection, whether it applies to the person (any that applies blocks Art. 40). */
export function Art42Checklist({ action, editable }: { action: EmploymentAction; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Art42Form>();
  const save = useSaveArt42();
  const [problem, setProblem] = useState<{ detail: string; rest: ActionFieldError[] } | null>(null);
  const saved = savedArt42(action);
  const initial = Object.fromEntries(
    art42Items.map((item) => {
      const s = saved.find((x) => x.item === item);
      return [item, { applies: s ? (s.applies ? 'yes' : 'no') : undefined, note: s?.note ?? undefined }];
    }),
  ) as Art42Form;
  const applies = Form.useWatch([], form) as Art42Form | undefined;
  const anyApplies = art42Items.some((i) => applies?.[i]?.applies === 'yes');

  const submit = (v: Art42Form) => {
    setProblem(null);
    save.mutate(
      {
        id: action.id,
        body: {
          version: action.version,
          items: art42Items.map((item) => ({
            item,
            applies: v[item]?.applies === 'yes',
            note: v[item]?.note?.trim() ? v[item].note : undefined,
          })),
        },
      },
      {
        onSuccess: () => void message.success(t('employment.art42.saved')),
        onError: (e) => {
          if (!isApiError(e)) return setProblem({ detail: t('errors.generic'), rest: [] });
          setProblem({ detail: e.problem.detail, rest: splitFieldErrors(actionFieldErrors(e), []).rest });
        },
      },
    );
  };

  return (
    <Card size="small" title={t('employment.art42.title')} style={{ marginBottom: 16 }} data-testid="employment-art42">
      <Typography.Paragraph type="secondary">{t('employment.art42.hint')}</Typography.Paragraph>
      {problem ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={problem.detail}
          description={
            problem.rest.length ? problem.rest.map((e) => <div key={e.field + e.message}>{e.message}</div>) : undefined
          }
        />
      ) : null}
      <Form<Art42Form> form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={!editable}>
        {art42Items.map((item) => (
          <Row key={item} gutter={12} align="top" data-testid={`art42-${item}`} style={{ marginBottom: 4 }}>
            <Col xs={24} md={12}>
              <Typography.Text strong>{t(`employment.art42.items.${item}.label`)}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t(`employment.art42.items.${item}.help`)}
              </Typography.Paragraph>
            </Col>
            <Col xs={24} md={5}>
              <Form.Item
                name={[item, 'applies']}
                rules={[{ required: true, message: t('employment.art42.answerRequired') }]}
                style={{ marginBottom: 8 }}
              >
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'no', label: t('employment.art42.no') },
                    { value: 'yes', label: t('employment.art42.yes') },
                  ]}
                  data-testid={`art42-${item}-applies`}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={7}>
              <Form.Item name={[item, 'note']} rules={[{ max: 1000 }]} style={{ marginBottom: 8 }}>
                <Input placeholder={t('employment.art42.note')} data-testid={`art42-${item}-note`} />
              </Form.Item>
            </Col>
          </Row>
        ))}
        {anyApplies ? (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('employment.art42.blocks')} />
        ) : null}
        {editable ? (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="art42-save">
            {t('employment.art42.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}

interface UnionForm {
  notifiedOn?: string;
  documentTitle?: string;
  reply?: string;
  fileId?: string;
}

/** Art. 43: the union was told the reasons in advance — when, which document, its reply, the file. */
export function UnionNoticeForm({ action, editable }: { action: EmploymentAction; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UnionForm>();
  const save = useSaveUnionNotice();
  const [problem, setProblem] = useState<string[] | null>(null);
  const raw = (action.details.unionNotice ?? null) as UnionForm | null;
  const files = action.files.filter((f) => f.purpose === 'union_notice');

  const submit = (v: UnionForm) => {
    setProblem(null);
    save.mutate(
      {
        id: action.id,
        body: {
          version: action.version,
          notifiedOn: v.notifiedOn ?? '',
          documentTitle: v.documentTitle ?? '',
          reply: v.reply?.trim() ? v.reply : undefined,
          fileId: v.fileId || undefined,
        },
      },
      {
        onSuccess: () => void message.success(t('employment.union.saved')),
        onError: (e) => {
          if (!isApiError(e)) return setProblem([t('errors.generic')]);
          const { onFields, rest } = splitFieldErrors(actionFieldErrors(e), [
            'notifiedOn',
            'documentTitle',
            'reply',
            'fileId',
          ]);
          form.setFields(onFields.map((f) => ({ name: f.name as keyof UnionForm, errors: f.errors })));
          setProblem([e.problem.detail, ...rest.map((r) => r.message)]);
        },
      },
    );
  };

  return (
    <Card size="small" title={t('employment.union.title')} style={{ marginBottom: 16 }} data-testid="employment-union">
      <Typography.Paragraph type="secondary">{t('employment.union.hint')}</Typography.Paragraph>
      {problem ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={problem[0]}
          description={problem.length > 1 ? problem.slice(1).map((m) => <div key={m}>{m}</div>) : undefined}
        />
      ) : null}
      <Form<UnionForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={!editable}
        initialValues={{
          notifiedOn: raw?.notifiedOn,
          documentTitle: raw?.documentTitle,
          reply: raw?.reply ?? undefined,
          fileId: raw?.fileId ?? undefined,
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="notifiedOn" label={t('employment.union.notifiedOn')} rules={[{ required: true }]}>
              <Input type="date" data-testid="union-date" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="documentTitle"
              label={t('employment.union.documentTitle')}
              rules={[{ required: true, max: 300 }]}
            >
              <Input data-testid="union-title" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reply" label={t('employment.union.reply')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} data-testid="union-reply" />
        </Form.Item>
        <Form.Item name="fileId" label={t('employment.union.file')} extra={t('employment.union.fileHint')}>
          <Select
            allowClear
            options={files.map((f) => ({ value: f.id, label: f.fileName }))}
            notFoundContent={t('employment.union.noFiles')}
            data-testid="union-file"
          />
        </Form.Item>
        {raw?.fileId ? (
          <Typography.Paragraph>
            <a href={fileUrl(action.id, raw.fileId)}>{t('employment.union.openFile')}</a>
          </Typography.Paragraph>
        ) : null}
        {editable ? (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="union-save">
            {t('employment.union.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}

/** The calculator's figures for this termination: severance (N), notice pay (代通知金), months of pay. */
export function SeveranceFigures({ action }: { action: EmploymentAction }) {
  const { t, i18n } = useTranslation();
  const s = action.severance;
  if (!s) {
    if (!action.details.monthlyWage) return null;
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('employment.severance.unavailable')}
        description={
          <span>
            {t('employment.severance.unavailableHint')}{' '}
            <Link to="/calculators/severance">{t('employment.severance.openCalculator')}</Link>
          </span>
        }
        data-testid="employment-severance-unavailable"
      />
    );
  }
  return (
    <Card
      size="small"
      title={t('employment.severance.title')}
      style={{ marginBottom: 16 }}
      data-testid="employment-severance"
    >
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={t('employment.severance.severance')} value={money(s.severance, i18n.language)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('employment.severance.noticePay')} value={money(s.noticePay, i18n.language)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('employment.severance.months')} value={s.monthsOfPay} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('employment.severance.base')} value={money(s.base, i18n.language)} />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('employment.severance.hint')}
      </Typography.Paragraph>
    </Card>
  );
}
