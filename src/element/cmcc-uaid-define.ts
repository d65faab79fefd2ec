/** Registers `<cmcc-uaid>`. The one module of the element with a side effect. */
import { CmccUaidElement } from './cmcc-uaid-element.js';

CmccUaidElement.define();

declare global {
	interface HTMLElementTagNameMap {
		'cmcc-uaid': CmccUaidElement;
	}
}

export { CmccUaidElement };
