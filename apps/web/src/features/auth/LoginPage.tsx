import { CheckCircleFilled, LockOutlined, UserOutlined } from '@ant-design/icons';
import { loginRequest } from '@stride/contracts';
import { Alert, Button, Card, Flex, Form, Grid, Input, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { brandColor } from '../../app/theme';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { currentLanguage, hasStoredLanguage, setLanguage } from '../../i18n';
import { applyFieldErrors, zodIssuesToFields } from '../../lib/formErrors';
import { useLogin, useMe } from './queries';

interface Values {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me } = useMe();
  const login = useLogin();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);

  const from = (location.state as { from?: string } | null)?.from;
  const target = from?.startsWith('/') && !from.startsWith('//') ? from : '/';

  if (me && !login.isPending) return <Navigate to={target} replace />;

  const submit = async (values: Values) => {
    setError(null);
    const parsed = loginRequest.safeParse({ username: values.username ?? '', password: values.password ?? '' });
    if (!parsed.success) {
      applyFieldErrors(form, zodIssuesToFields(parsed.error.issues, t));
      return;
    }
    try {
      const result = await login.mutateAsync(parsed.data);
      if (!hasStoredLanguage() && result.user.locale !== currentLanguage()) await setLanguage(result.user.locale);
      navigate(target, { replace: true });
    } catch (err) {
      setError(isApiError(err) ? err.problem.detail : t('errors.generic'));
    }
  };

  const showHero = screens.md !== false;

  return (
    <Flex style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      {showHero ? (
        <Flex
          vertical
          justify="space-between"
          style={{
            flex: '0 0 44%',
            padding: '48px 56px',
            color: '#fff',
            background: `radial-gradient(circle at 20% 20%, #3b6df0 0%, ${brandColor} 35%, #0f1c3f 100%)`,
          }}
        >
          <Flex align="center" gap={10}>
            <img src="/favicon.svg" alt="" width={36} height={36} style={{ borderRadius: 8 }} />
            <span style={{ fontSize: 22, fontWeight: 600 }}>Stride</span>
          </Flex>
          <div style={{ maxWidth: 440 }}>
            <Typography.Title level={2} style={{ color: '#fff', marginBottom: 12 }}>
              {t('auth.heroTitle')}
            </Typography.Title>
            <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.85)', fontSize: 16 }}>
              {t('auth.heroText')}
            </Typography.Paragraph>
            <Flex vertical gap={10} style={{ marginTop: 24 }}>
              {[t('auth.heroPoint1'), t('auth.heroPoint2'), t('auth.heroPoint3')].map((point) => (
                <Flex key={point} gap={10} align="center" style={{ color: 'rgba(255,255,255,0.92)' }}>
                  <CheckCircleFilled style={{ color: '#7ee0a1' }} />
                  <span>{point}</span>
                </Flex>
              ))}
            </Flex>
          </div>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.6)' }}>
            {t('app.footer')} © {new Date().getFullYear()}
          </Typography.Text>
        </Flex>
      ) : null}
      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
        <Flex justify="space-between" align="center" style={{ padding: '16px 20px' }}>
          {showHero ? (
            <span />
          ) : (
            <Flex align="center" gap={8}>
              <img src="/favicon.svg" alt="" width={28} height={28} style={{ borderRadius: 6 }} />
              <Typography.Text strong style={{ fontSize: 18 }}>
                Stride
              </Typography.Text>
            </Flex>
          )}
          <LanguageSwitch variant="default" />
        </Flex>
        <Flex flex={1} align="center" justify="center" style={{ padding: '16px 16px 48px' }}>
          <Card style={{ width: '100%', maxWidth: 400, boxShadow: token.boxShadowTertiary }}>
            <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
              {t('auth.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
              {t('auth.subtitle')}
            </Typography.Paragraph>
            {error ? (
              <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
            ) : null}
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
              <Form.Item
                name="username"
                label={t('auth.username')}
                rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
              >
                <Input
                  prefix={<UserOutlined />}
                  autoComplete="username"
                  autoFocus
                  autoCapitalize="none"
                  data-testid="login-username"
                />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('auth.password')}
                rules={[{ required: true, message: t('auth.passwordRequired') }]}
              >
                <Input.Password
                  prefix={<LockOutlined />}
                  autoComplete="current-password"
                  data-testid="login-password"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
                {t('auth.submit')}
              </Button>
            </Form>
          </Card>
        </Flex>
      </Flex>
    </Flex>
  );
}
