import { createApp } from 'vue';
import 'cmcc-uaid';
import App from './App.vue';

// Only the demo needs this: where China Mobile's getMobile is (the simulator here).
const config = (await (await fetch('/demo/config.json')).json()) as { tokenUrl?: string };

createApp(App, { tokenUrl: config.tokenUrl }).mount('#app');
