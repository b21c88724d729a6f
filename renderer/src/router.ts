// Memory history: a kiosk has no address bar or back button, and a session reset drops the whole
// history (session/end-session.ts). Screens navigate to named routes; never router.back().
// Route meta `idle`: 'none' (no visitor: attract, out of service), 'normal' (default) or 'receipt'
// (the short receipt timeout).
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import AttractView from './views/AttractView.vue';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'attract', component: AttractView },
  {
    path: '/out-of-service',
    name: 'out-of-service',
    component: () => import('./views/OutOfServiceView.vue'),
  },
];

export const router = createRouter({ history: createMemoryHistory(), routes });
