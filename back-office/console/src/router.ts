// The console's screens, under /console/ (the back office answers index.html for each of them).
// A screen a role may not use sends it to its first screen.
import { createRouter, createWebHistory } from 'vue-router';
import type { Role } from './api-types';
import { useSessionStore } from './stores/session';
import SignInView from './views/SignInView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    roles?: Role[];
  }
}

const STAFF: Role[] = ['handler', 'dispatcher', 'supervisor'];

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: SignInView },
    {
      path: '/',
      name: 'queue',
      component: () => import('./views/QueueView.vue'),
      meta: { roles: STAFF },
    },
    {
      path: '/requests/:id',
      name: 'request',
      component: () => import('./views/RequestView.vue'),
      meta: { roles: STAFF },
    },
    {
      path: '/supervision',
      name: 'supervision',
      component: () => import('./views/SupervisionView.vue'),
      meta: { roles: STAFF },
    },
    {
      path: '/outbox',
      name: 'outbox',
      component: () => import('./views/OutboxView.vue'),
      meta: { roles: ['dispatcher', 'supervisor', 'admin'] },
    },
    {
      path: '/fleet',
      name: 'fleet',
      component: () => import('./views/FleetView.vue'),
      meta: { roles: ['dispatcher', 'supervisor', 'admin'] },
    },
    {
      path: '/reports',
      name: 'reports',
      component: () => import('./views/ReportsView.vue'),
      meta: { roles: ['dispatcher', 'supervisor', 'admin'] },
    },
    {
      path: '/audit',
      name: 'audit',
      component: () => import('./views/PhoneAuditView.vue'),
      meta: { roles: ['dispatcher', 'supervisor', 'admin'] },
    },
    {
      path: '/users',
      name: 'users',
      component: () => import('./views/UsersView.vue'),
      meta: { roles: ['admin'] },
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (to.name === 'sign-in') return true;
  if (!session.user) await session.restore();
  if (!session.user) return { name: 'sign-in', query: { next: to.fullPath } };
  const roles = to.meta.roles;
  if (roles && !roles.includes(session.user.role))
    return session.user.role === 'admin' ? { name: 'fleet' } : { name: 'queue' };
  return true;
});
