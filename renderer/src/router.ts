// Memory history: a kiosk has no address bar or back button, and a session reset drops the whole
// history (session/end-session.ts). Screens navigate to named routes; never router.back().
// Route meta `idle`: 'none' (no visitor: attract, out of service), 'normal' (default), 'receipt'
// (the short receipt timeout) or 'guide' (guide mode locks itself after the guide idle time).
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import { useGuideStore } from './stores/guide';
import AttractView from './views/AttractView.vue';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'attract', component: AttractView },
  {
    path: '/guide/unlock',
    name: 'guide-unlock',
    component: () => import('./views/guide/GuideUnlockView.vue'),
  },
  {
    path: '/guide',
    name: 'guide',
    component: () => import('./views/guide/GuideView.vue'),
    meta: { idle: 'guide', staff: true },
  },
  {
    path: '/out-of-service',
    name: 'out-of-service',
    component: () => import('./views/OutOfServiceView.vue'),
  },
];

export const router = createRouter({ history: createMemoryHistory(), routes });

// Staff screens need an unlocked guide; main checks every call anyway.
router.beforeEach((to) => {
  if (to.meta.staff && !useGuideStore().isUnlocked) return { name: 'guide-unlock' };
  return true;
});
