// The print view: only the receipt or checklist that main renders to PDF in the browser host's
// headless Chromium. It holds no session and no launch secret: the one-time token in its URL
// fragment fetches the one document to print (see electron/hosts/headless-pdf.ts).
import { createApp } from 'vue';
import PrintView from './components/print/PrintView.vue';
import { i18n } from './i18n';
// The shared styles, in cascade order; each component's own are in its <style scoped>.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/cards.css';

createApp(PrintView).use(i18n).mount('#print');
