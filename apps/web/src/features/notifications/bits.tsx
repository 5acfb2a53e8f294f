import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';

dayjs.extend(relativeTime);

/** "3 分钟前" / "3 minutes ago", with the exact time on hover. A time slightly ahead of this clock reads as now. */
export function RelativeTime({ value, testId }: { value: string; testId?: string }) {
  // Re-renders on a language switch, which is also when dayjs's locale changes.
  useTranslation();
  const at = dayjs(value);
  const now = dayjs();
  return (
    <time dateTime={value} title={formatDateTime(value)} data-testid={testId}>
      {(at.isAfter(now) ? now : at).fromNow()}
    </time>
  );
}

/** The label of a notification kind ("review.form_open" → 考核表待填写), or the kind itself when unknown. */
export function useKindLabel(): (kind: string) => string {
  const { t } = useTranslation();
  return (kind) => t(`notifications.kinds.${kind.replace(/\./g, '_')}`, { defaultValue: kind });
}
