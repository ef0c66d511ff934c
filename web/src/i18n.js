// vue-i18n (Composition API): Simplified Chinese by default, English on request. The choice is
// remembered in localStorage and mirrored on <html lang>; Element Plus follows it through
// the ConfigProvider in App.vue.
import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN.js';
import en from './locales/en.js';

export const LOCALES = ['zh-CN', 'en'];
export const DEFAULT_LOCALE = 'zh-CN';
const STORAGE_KEY = 'sunlit.locale';

function savedLocale() {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return LOCALES.includes(v) ? v : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function makeI18n(locale = savedLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
  });
}

/** Remembers a language chosen by the user and mirrors it on <html lang>. */
export function rememberLocale(locale) {
  if (!LOCALES.includes(locale)) return;
  if (globalThis.document) document.documentElement.lang = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
}
