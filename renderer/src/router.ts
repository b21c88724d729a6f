// Memory history: a kiosk has no address bar or back button, and a session reset drops the whole
// history (session/history.ts, session/end-session.ts).
// Route meta `idle`: 'none' (no visitor: attract, out of service), 'normal' (default), 'receipt'
// (the short receipt timeout) or 'guide' (guide mode locks itself after the guide idle time).
import { createRouter, type RouteRecordRaw } from 'vue-router';
import { createResettableHistory } from './session/history';
import { useGuideStore } from './stores/guide';
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
  // Service catalog (issue 3)
  {
    path: '/catalog',
    name: 'catalog',
    component: () => import('./views/catalog/CatalogHomeView.vue'),
  },
  {
    path: '/catalog/bundles/:by(topic|board)',
    name: 'catalog-bundles',
    component: () => import('./views/catalog/BundleGroupsView.vue'),
    props: true,
  },
  {
    path: '/catalog/bundle/:id',
    name: 'catalog-bundle',
    component: () => import('./views/catalog/BundleDetailView.vue'),
    props: true,
  },
  {
    path: '/catalog/measures',
    name: 'catalog-measures',
    component: () => import('./views/catalog/MeasuresView.vue'),
  },
  {
    path: '/catalog/station/:id',
    name: 'catalog-station',
    component: () => import('./views/catalog/StationServicesView.vue'),
    props: true,
  },
  {
    path: '/catalog/search',
    name: 'catalog-search',
    component: () => import('./views/catalog/CatalogSearchView.vue'),
  },
  // 政策找企业 (issue 8)
  {
    path: '/catalog/boards',
    name: 'catalog-boards',
    component: () => import('./views/catalog/BoardsView.vue'),
  },
  {
    path: '/catalog/measure/:no(\\d+)',
    name: 'catalog-measure',
    component: () => import('./views/policies/MeasureDetailView.vue'),
    props: true,
  },
  {
    path: '/policies',
    name: 'policy-matches',
    component: () => import('./views/policies/PolicyMatchesView.vue'),
  },
  {
    path: '/policies/sheet',
    name: 'policy-sheet',
    component: () => import('./views/policies/PolicySheetView.vue'),
  },
  // Requests (issue 5). `request-new` takes `?bundle=<id>` (`&founder=1`), or `?measure=<no>` and/or
  // `?board=<id>` for a one-step policy consultation: other screens link here; keep it stable.
  { path: '/menu', name: 'menu', component: () => import('./views/MenuView.vue') },
  {
    path: '/request/new',
    name: 'request-new',
    component: () => import('./views/request/RequestNewView.vue'),
  },
  {
    path: '/request/receipt/:ticket',
    name: 'request-receipt',
    component: () => import('./views/request/RequestReceiptView.vue'),
    props: true,
    meta: { idle: 'receipt' },
  },
  { path: '/track', name: 'track', component: () => import('./views/track/TrackView.vue') },
];

export const history = createResettableHistory();
export const router = createRouter({ history, routes });

// Staff screens need an unlocked guide; main checks every call anyway.
router.beforeEach((to) => {
  if (to.meta.staff && !useGuideStore().isUnlocked) return { name: 'guide-unlock' };
  return true;
});
