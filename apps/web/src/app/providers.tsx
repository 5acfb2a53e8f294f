import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, onUnauthorized } from '../api/client';
import { meKey } from '../features/auth/queries';
import { brandColor } from './theme';

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}

/** Drops the cached session when any request reports 401, so the route guard sends the user to sign in. */
function SessionWatcher() {
  const queryClient = useQueryClient();
  useEffect(() => {
    onUnauthorized(() => {
      if (queryClient.getQueryData(meKey)) {
        queryClient.setQueryData(meKey, null);
      }
    });
    return () => onUnauthorized(null);
  }, [queryClient]);
  return null;
}

function ThemedProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const isZh = i18n.language !== 'en-US';
  return (
    <ConfigProvider
      locale={isZh ? zhCN : enUS}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: brandColor,
          colorInfo: brandColor,
          borderRadius: 8,
          colorBgLayout: '#f4f6fb',
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
        },
        components: {
          Layout: { headerBg: '#ffffff', siderBg: '#0f1c3f', headerPadding: '0 20px', headerHeight: 60 },
          Menu: { darkItemBg: '#0f1c3f', darkSubMenuItemBg: '#0b1633', darkItemSelectedBg: brandColor },
          Card: { borderRadiusLG: 12 },
          Table: { headerBg: '#f7f8fc' },
        },
      }}
    >
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionWatcher />
      <ThemedProviders>{children}</ThemedProviders>
    </QueryClientProvider>
  );
}
