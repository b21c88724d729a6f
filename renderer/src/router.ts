// Memory history: a kiosk has no address bar or back button, and a session reset can drop the
// whole history by replacing it.
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import AttractView from './views/AttractView.vue';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'attract', component: AttractView },
  { path: '/scan', name: 'scan', component: () => import('./views/ScanView.vue') },
  {
    path: '/enterprise',
    name: 'enterprise',
    component: () => import('./views/EnterpriseView.vue'),
  },
  {
    path: '/out-of-service',
    name: 'out-of-service',
    component: () => import('./views/OutOfServiceView.vue'),
  },
];

export const router = createRouter({ history: createMemoryHistory(), routes });
