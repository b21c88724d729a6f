// 一屏总览: the dashboard's figures for guide mode (staff only; counts, nothing personal).
import type { Handlers } from '../contract';
import type { Services } from '../services/services';

export function dashboardHandlers(s: Services): Pick<Handlers, 'guideDashboard'> {
  return {
    guideDashboard: ({ period }) => s.dashboard.figures(period),
  };
}
