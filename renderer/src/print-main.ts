// The print view: only the receipt or checklist that main renders to PDF in the browser host's
// headless Chromium. It holds no session and no launch secret: the one-time token in its URL
// fragment fetches the one document to print (see electron/hosts/headless-pdf.ts).
import { createApp } from 'vue';
import PrintView from './components/print/PrintView.vue';
import { i18n } from './i18n';
import './styles/base.css';

createApp(PrintView).use(i18n).mount('#print');
