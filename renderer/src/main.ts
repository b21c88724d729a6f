import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { api } from './api';
import { i18n } from './i18n';
import { router } from './router';
// The shared styles, in cascade order; each component's own are in its <style scoped>.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/cards.css';

const app = createApp(App);
app.config.errorHandler = (err, _instance, info) => {
  // Only the error's own text goes to the log: never what the user typed.
  const message = err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown';
  void api
    .logClientError({ where: `vue:${info}`.slice(0, 200), message: message.slice(0, 2000) })
    .catch(() => {});
};
app.use(createPinia()).use(i18n).use(router).mount('#app');
