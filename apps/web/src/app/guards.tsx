import type { Role } from '@stride/contracts';
import { Button, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../api/client';
import { useCurrentUser, useMe } from '../features/auth/queries';
import { currentLanguage, hasStoredLanguage, setLanguage } from '../i18n';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Renders child routes only with a session; otherwise sends the user to /login. */
export function RequireAuth() {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  const { t } = useTranslation();

  useEffect(() => {
    // Adopt the account's saved language unless this browser already has an explicit choice.
    if (me && !hasStoredLanguage() && me.user.locale !== currentLanguage()) {
      void setLanguage(me.user.locale);
    }
  }, [me]);

  if (isPending) return <FullPageSpin />;
  if (error) {
    return (
      <Result
        status="error"
        title={t('errors.loadFailed')}
        subTitle={isApiError(error) ? error.problem.detail : t('errors.network')}
        extra={
          <Button type="primary" onClick={() => void refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!me) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={from !== '/' ? { from } : undefined} />;
  }
  return <Outlet />;
}

export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useCurrentUser();
  if (!roles.includes(me.user.role)) return <Forbidden />;
  return <>{children}</>;
}

export function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbiddenSub')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('errors.pageNotFound')}
      subTitle={t('errors.pageNotFoundSub')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

/** "/" sends employees to their own profile and everybody else to the people list. */
export function HomeRedirect() {
  const me = useCurrentUser();
  const { t } = useTranslation();
  if (me.user.role === 'employee') {
    if (me.user.employeeId) return <Navigate to={`/people/${me.user.employeeId}`} replace />;
    return <Result status="info" title={t('profile.noEmployeeLinked')} subTitle={t('profile.noEmployeeLinkedSub')} />;
  }
  return <Navigate to="/people" replace />;
}
