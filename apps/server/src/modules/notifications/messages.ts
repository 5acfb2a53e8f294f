import type { Locale } from '@stride/contracts';

// What each kind of notification says, in both languages. Rendered when read (in the reader's language) and
// when emailed (in the recipient's), from the params stored with the notification.

type Params = Record<string, unknown>;
type Render = (p: Params) => { title: string; body: string };

const rater = {
  'zh-CN': { self: '自评', manager: '上级评价', peer: '同事互评' } as Record<string, string>,
  'en-US': { self: 'self review', manager: 'manager review', peer: 'peer review' } as Record<string, string>,
};
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const due = (p: Params, locale: Locale) =>
  p.dueDate ? (locale === 'zh-CN' ? `，截止 ${str(p.dueDate)}` : `, due ${str(p.dueDate)}`) : '';
const whom = (p: Params, locale: Locale) =>
  p.raterKind === 'self' ? '' : locale === 'zh-CN' ? `（${str(p.reviewee)}）` : ` (${str(p.reviewee)})`;

const catalog: Record<string, Record<Locale, Render>> = {
  'review.form_open': {
    'zh-CN': (p) => ({
      title: `请填写${rater['zh-CN'][str(p.raterKind)] ?? ''}${whom(p, 'zh-CN')}`,
      body: `「${str(p.cycle)}」的${rater['zh-CN'][str(p.raterKind)] ?? '考核表'}已开放${due(p, 'zh-CN')}。`,
    }),
    'en-US': (p) => ({
      title: `Your ${rater['en-US'][str(p.raterKind)] ?? 'review'} is open${whom(p, 'en-US')}`,
      body: `The ${rater['en-US'][str(p.raterKind)] ?? 'review form'} of “${str(p.cycle)}” is open${due(p, 'en-US')}.`,
    }),
  },
  'review.form_due': {
    'zh-CN': (p) => ({
      title: `${rater['zh-CN'][str(p.raterKind)] ?? '考核表'}即将截止${whom(p, 'zh-CN')}`,
      body: `「${str(p.cycle)}」的${rater['zh-CN'][str(p.raterKind)] ?? '考核表'}将于 ${str(p.dueDate)} 截止，尚未提交。`,
    }),
    'en-US': (p) => ({
      title: `Your ${rater['en-US'][str(p.raterKind)] ?? 'review'} is due soon${whom(p, 'en-US')}`,
      body: `The ${rater['en-US'][str(p.raterKind)] ?? 'review form'} of “${str(p.cycle)}” is due on ${str(p.dueDate)} and not submitted yet.`,
    }),
  },
  'review.form_overdue': {
    'zh-CN': (p) => ({
      title: `${rater['zh-CN'][str(p.raterKind)] ?? '考核表'}已逾期${whom(p, 'zh-CN')}`,
      body: `「${str(p.cycle)}」的${rater['zh-CN'][str(p.raterKind)] ?? '考核表'}已于 ${str(p.dueDate)} 截止，请尽快提交。`,
    }),
    'en-US': (p) => ({
      title: `Your ${rater['en-US'][str(p.raterKind)] ?? 'review'} is overdue${whom(p, 'en-US')}`,
      body: `The ${rater['en-US'][str(p.raterKind)] ?? 'review form'} of “${str(p.cycle)}” was due on ${str(p.dueDate)}; please submit it.`,
    }),
  },
  'review.result_published': {
    'zh-CN': (p) => ({
      title: '考核结果已发布',
      body: `「${str(p.cycle)}」的考核结果已发布${p.dueDate ? `，请在 ${str(p.dueDate)} 前确认或申诉` : '，请查看并确认或申诉'}。`,
    }),
    'en-US': (p) => ({
      title: 'Your review result is published',
      body: `Your result of “${str(p.cycle)}” is published; please acknowledge or appeal it${p.dueDate ? ` by ${str(p.dueDate)}` : ''}.`,
    }),
  },
  'review.appeal_decided': {
    'zh-CN': (p) => ({
      title: p.outcome === 'upheld' ? '申诉已受理' : '申诉未被支持',
      body: `「${str(p.cycle)}」的申诉已处理：${str(p.decision)}`,
    }),
    'en-US': (p) => ({
      title: p.outcome === 'upheld' ? 'Your appeal was upheld' : 'Your appeal was rejected',
      body: `Your appeal on “${str(p.cycle)}” was decided: ${str(p.decision)}`,
    }),
  },
};

/**
 * Producers whose text is composed elsewhere (alerts: a rule's own message per recipient, with the evidence)
 * store it per language under params.text; it is shown as stored.
 */
function composed(params: Params, locale: Locale): { title: string; body: string } | null {
  const text = (params.text as Record<string, { title?: unknown; body?: unknown }> | undefined)?.[locale];
  return text ? { title: str(text.title), body: str(text.body) } : null;
}

export function renderNotification(kind: string, params: Params, locale: Locale) {
  const render = catalog[kind]?.[locale];
  return render ? render(params) : (composed(params, locale) ?? { title: kind, body: '' });
}

/** The kinds this catalog renders (others render from params.text, or as their kind). */
export const catalogKinds = (): string[] => Object.keys(catalog);
