import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

/** Shows a server problem's localized `detail` (or a generic message) as a toast. */
export function useApiErrorToast() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      const detail = isApiError(error) ? error.problem.detail : t('errors.generic');
      void message.error(detail);
    },
    [message, t],
  );
}
