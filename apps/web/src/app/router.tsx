import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { AppLayout } from './AppLayout';
import { FullPageSpin, NotFoundPage, RequireAuth, RequireRole } from './guards';

const PeopleListPage = lazy(() =>
  import('../features/people/PeopleListPage').then((m) => ({ default: m.PeopleListPage })),
);
const ProfilePage = lazy(() => import('../features/people/ProfilePage').then((m) => ({ default: m.ProfilePage })));
const OrgPage = lazy(() => import('../features/org/OrgPage').then((m) => ({ default: m.OrgPage })));
const PositionsPage = lazy(() =>
  import('../features/positions/PositionsPage').then((m) => ({ default: m.PositionsPage })),
);
const UsersPage = lazy(() => import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const IntegrationsPage = lazy(() =>
  import('../features/integrations/IntegrationsPage').then((m) => ({ default: m.IntegrationsPage })),
);
const UnmatchedPage = lazy(() =>
  import('../features/activities/UnmatchedPage').then((m) => ({ default: m.UnmatchedPage })),
);
const TeamMetricsPage = lazy(() =>
  import('../features/metrics/TeamMetricsPage').then((m) => ({ default: m.TeamMetricsPage })),
);
const MetricLibraryPage = lazy(() =>
  import('../features/metric-library/MetricLibraryPage').then((m) => ({ default: m.MetricLibraryPage })),
);
const ImportsPage = lazy(() => import('../features/imports/ImportsPage').then((m) => ({ default: m.ImportsPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const ScorecardsPage = lazy(() =>
  import('../features/scorecards/ScorecardsPage').then((m) => ({ default: m.ScorecardsPage })),
);
const TargetsPage = lazy(() => import('../features/targets/TargetsPage').then((m) => ({ default: m.TargetsPage })));
const PlansPage = lazy(() => import('../features/plans/PlansPage').then((m) => ({ default: m.PlansPage })));
const PlanDetailPage = lazy(() =>
  import('../features/plans/PlanDetailPage').then((m) => ({ default: m.PlanDetailPage })),
);
const ProbationReviewsPage = lazy(() =>
  import('../features/probation/ProbationReviewsPage').then((m) => ({ default: m.ProbationReviewsPage })),
);
const CycleListPage = lazy(() =>
  import('../features/reviews/CycleListPage').then((m) => ({ default: m.CycleListPage })),
);
const CycleDetailPage = lazy(() =>
  import('../features/reviews/CycleDetailPage').then((m) => ({ default: m.CycleDetailPage })),
);
const PersonResultPage = lazy(() =>
  import('../features/reviews/PersonResultPage').then((m) => ({ default: m.PersonResultPage })),
);
const MyReviewsPage = lazy(() =>
  import('../features/reviews/MyReviewsPage').then((m) => ({ default: m.MyReviewsPage })),
);
const ReviewFormPage = lazy(() =>
  import('../features/reviews/ReviewFormPage').then((m) => ({ default: m.ReviewFormPage })),
);
const PoolPage = lazy(() => import('../features/pool/PoolPage').then((m) => ({ default: m.PoolPage })));
const IncentivesPage = lazy(() =>
  import('../features/incentives/IncentivesPage').then((m) => ({ default: m.IncentivesPage })),
);
const MyIncentivesPage = lazy(() =>
  import('../features/incentives/MyIncentivesPage').then((m) => ({ default: m.MyIncentivesPage })),
);
const TalentPage = lazy(() => import('../features/talent/TalentPage').then((m) => ({ default: m.TalentPage })));
const NotificationsPage = lazy(() =>
  import('../features/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
);
const DeliveriesPage = lazy(() =>
  import('../features/notifications/DeliveriesPage').then((m) => ({ default: m.DeliveriesPage })),
);
const HomePage = lazy(() => import('../features/dashboard/HomePage').then((m) => ({ default: m.HomePage })));
const TrajectoriesPage = lazy(() =>
  import('../features/trajectories/TrajectoriesPage').then((m) => ({ default: m.TrajectoriesPage })),
);
const ImChannelsPage = lazy(() =>
  import('../features/notifications/ImChannelsPage').then((m) => ({ default: m.ImChannelsPage })),
);
const AlertsPage = lazy(() => import('../features/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const AlertDetailPage = lazy(() =>
  import('../features/alerts/AlertDetailPage').then((m) => ({ default: m.AlertDetailPage })),
);
const AlertRulesPage = lazy(() =>
  import('../features/alerts/AlertRulesPage').then((m) => ({ default: m.AlertRulesPage })),
);
const TrainingCoursesPage = lazy(() =>
  import('../features/training/TrainingCoursesPage').then((m) => ({ default: m.TrainingCoursesPage })),
);
const EmploymentActionsPage = lazy(() =>
  import('../features/employment/EmploymentActionsPage').then((m) => ({ default: m.EmploymentActionsPage })),
);
const EmploymentActionDetailPage = lazy(() =>
  import('../features/employment/EmploymentActionDetailPage').then((m) => ({ default: m.EmploymentActionDetailPage })),
);
const ApprovalChainsPage = lazy(() =>
  import('../features/employment/ApprovalChainsPage').then((m) => ({ default: m.ApprovalChainsPage })),
);
const DocumentTemplatesPage = lazy(() =>
  import('../features/documents/DocumentTemplatesPage').then((m) => ({ default: m.DocumentTemplatesPage })),
);
const SeveranceCalculatorPage = lazy(() =>
  import('../features/calculators/SeveranceCalculatorPage').then((m) => ({ default: m.SeveranceCalculatorPage })),
);

export function AppRouter() {
  return (
    <BrowserRouter>
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route element={<RequireAuth />}>
            <Route element={<AppLayout />}>
              {/* Admin, hr and managers land on their dashboard; employees on their own profile. */}
              <Route index element={<HomePage />} />
              <Route
                path="trajectories"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <TrajectoriesPage />
                  </RequireRole>
                }
              />
              <Route
                path="people"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <PeopleListPage />
                  </RequireRole>
                }
              />
              <Route path="people/:id" element={<ProfilePage />} />
              <Route
                path="org"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <OrgPage />
                  </RequireRole>
                }
              />
              <Route
                path="positions"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <PositionsPage />
                  </RequireRole>
                }
              />
              <Route
                path="users"
                element={
                  <RequireRole roles={['admin']}>
                    <UsersPage />
                  </RequireRole>
                }
              />
              <Route
                path="audit"
                element={
                  <RequireRole roles={['admin']}>
                    <AuditPage />
                  </RequireRole>
                }
              />
              <Route
                path="team-metrics"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <TeamMetricsPage />
                  </RequireRole>
                }
              />
              <Route
                path="metrics"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <MetricLibraryPage />
                  </RequireRole>
                }
              />
              <Route
                path="unmatched"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <UnmatchedPage />
                  </RequireRole>
                }
              />
              <Route
                path="targets"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <TargetsPage />
                  </RequireRole>
                }
              />
              <Route path="my-targets" element={<TargetsPage mine />} />
              <Route
                path="probation-reviews"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <ProbationReviewsPage />
                  </RequireRole>
                }
              />
              <Route
                path="review-cycles"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <CycleListPage />
                  </RequireRole>
                }
              />
              <Route
                path="review-cycles/:id"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <CycleDetailPage />
                  </RequireRole>
                }
              />
              <Route
                path="low-performer-pool"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <PoolPage />
                  </RequireRole>
                }
              />
              <Route
                path="talent"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <TalentPage />
                  </RequireRole>
                }
              />
              <Route
                path="plans"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <PlansPage />
                  </RequireRole>
                }
              />
              <Route path="plans/:id" element={<PlanDetailPage />} />
              <Route path="my-plans" element={<PlansPage mine />} />
              <Route
                path="incentives"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <IncentivesPage />
                  </RequireRole>
                }
              />
              <Route path="my-incentives" element={<MyIncentivesPage />} />
              <Route path="review-participants/:id" element={<PersonResultPage />} />
              <Route path="my-reviews" element={<MyReviewsPage />} />
              <Route path="review-forms/:id" element={<ReviewFormPage />} />
              <Route
                path="imports"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <ImportsPage />
                  </RequireRole>
                }
              />
              <Route
                path="integrations"
                element={
                  <RequireRole roles={['admin']}>
                    <IntegrationsPage />
                  </RequireRole>
                }
              />
              <Route
                path="scorecards"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <ScorecardsPage />
                  </RequireRole>
                }
              />
              <Route path="notifications" element={<NotificationsPage />} />
              <Route
                path="notification-deliveries"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <DeliveriesPage />
                  </RequireRole>
                }
              />
              <Route
                path="im-channels"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <ImChannelsPage />
                  </RequireRole>
                }
              />
              <Route
                path="calculators/severance"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <SeveranceCalculatorPage />
                  </RequireRole>
                }
              />
              <Route
                path="alerts"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <AlertsPage />
                  </RequireRole>
                }
              />
              {/* Everyone: the API shows people their own alerts (when the rule tells them) and refuses the rest. */}
              <Route path="alerts/:id" element={<AlertDetailPage />} />
              <Route
                path="alert-rules"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <AlertRulesPage />
                  </RequireRole>
                }
              />
              <Route
                path="training-courses"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <TrainingCoursesPage />
                  </RequireRole>
                }
              />
              <Route
                path="employment-actions"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager']}>
                    <EmploymentActionsPage />
                  </RequireRole>
                }
              />
              <Route
                path="employment-actions/:id"
                element={
                  <RequireRole roles={['admin', 'hr', 'manager', 'employee']}>
                    <EmploymentActionDetailPage />
                  </RequireRole>
                }
              />
              <Route
                path="settings/approval-chains"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <ApprovalChainsPage />
                  </RequireRole>
                }
              />
              <Route
                path="settings/document-templates"
                element={
                  <RequireRole roles={['admin', 'hr']}>
                    <DocumentTemplatesPage />
                  </RequireRole>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
