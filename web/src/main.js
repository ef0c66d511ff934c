// The web app's entry: Vue, the router, vue-i18n; Element Plus components are imported by
// the views that use them (so each route's chunk holds only its own).
import { createApp, watch } from 'vue';
import App from './App.vue';
import { makeI18n } from './i18n.js';
import { makeRouter, trackTitle } from './router.js';
import 'element-plus/theme-chalk/base.css';
import './style.css';

const i18n = makeI18n();
const router = makeRouter();
const updateTitle = trackTitle(router, i18n);
watch(i18n.global.locale, updateTitle);
document.documentElement.lang = i18n.global.locale.value;

createApp(App).use(i18n).use(router).mount('#app');
