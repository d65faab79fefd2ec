// The script-tag page: the element is in the markup, the bundle defined it; this only adds the demo UI around it.
import { mountDemo } from './demo-page.js';

void mountDemo(document.querySelector('#demo'), document.querySelector('cmcc-uaid'));
