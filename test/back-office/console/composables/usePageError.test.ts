// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createApp, defineComponent } from 'vue';
import { createI18n } from 'vue-i18n';
import { usePageError } from '../../../../back-office/console/src/composables/usePageError';
import en from '../../../../back-office/console/src/locales/en.json';

function mountPageError() {
  let page!: ReturnType<typeof usePageError>;
  const app = createApp(
    defineComponent({
      setup() {
        page = usePageError();
        return () => null;
      },
    }),
  );
  app.use(createI18n({ legacy: false, locale: 'en', messages: { en } }));
  app.mount(document.createElement('div'));
  return page;
}

describe('usePageError', () => {
  it('a call that throws becomes the translated alert; one that succeeds leaves it alone', async () => {
    const page = mountPageError();
    let ran = false;
    await page.attempt(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(page.error.value).toBe('');
    await page.attempt(() => Promise.reject(new Error('HTTP 503')));
    expect(page.error.value).toBe('Something went wrong: HTTP 503');
    page.fail(new Error('the back office cannot be reached'));
    expect(page.error.value).toBe('Something went wrong: the back office cannot be reached');
  });
});
