import { HomeRedirect } from '../../app/guards';
import { useCurrentUser } from '../auth/queries';
import { DashboardPage } from './DashboardPage';

/** "/": the dashboard for admin, HR and managers; employees keep going to their own profile. */
export function HomePage() {
  const me = useCurrentUser();
  return me.user.role === 'employee' ? <HomeRedirect /> : <DashboardPage />;
}
