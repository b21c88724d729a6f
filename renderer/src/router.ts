// Memory history: a kiosk has no address bar or back button, and a session reset can drop the
// whole history by replacing it.
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import AttractView from './views/AttractView.vue';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'attract', component: AttractView },
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
];

export const router = createRouter({ history: createMemoryHistory(), routes });
