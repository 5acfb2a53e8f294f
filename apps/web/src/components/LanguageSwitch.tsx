import { GlobalOutlined } from '@ant-design/icons';
import type { Locale } from '@stride/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { meKey, useUpdateMyLocale } from '../features/auth/queries';
import { currentLanguage, setLanguage } from '../i18n';

interface LanguageSwitchProps {
  /** Visual style: `text` in the app header, `default` on the sign-in page. */
  variant?: 'text' | 'default';
  compact?: boolean;
}

/** Toggles between Chinese and English; when signed in, the choice is saved to the account. */
export function LanguageSwitch({ variant = 'text', compact = false }: LanguageSwitchProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const updateLocale = useUpdateMyLocale();

  const toggle = async () => {
    const next: Locale = currentLanguage() === 'zh-CN' ? 'en-US' : 'zh-CN';
    await setLanguage(next);
    if (queryClient.getQueryData(meKey)) {
      updateLocale.mutate(next, { onError: () => undefined });
    }
  };

  return (
    <Button
      type={variant === 'text' ? 'text' : 'default'}
      icon={<GlobalOutlined />}
      onClick={() => void toggle()}
      aria-label={t('lang.label')}
      title={t('lang.label')}
      data-testid="lang-switch"
    >
      {compact ? null : t('lang.switchTo')}
    </Button>
  );
}
