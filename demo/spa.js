// The SPA page: imports the package like an app would, creates the element and sets properties.
import 'cmcc-uaid';
import { mountDemo } from './demo-page.js';
import './demo.css';

async function main() {
	const config = await (await fetch('/demo/config.json')).json();
	const uaid = document.createElement('cmcc-uaid');
	uaid.signUrl = '/uaid/sign';
	uaid.validateUrl = '/uaid/validate';
	// Full width, as the main button of an H5 login page.
	uaid.block = true;
	if (config.tokenUrl) uaid.tokenUrl = config.tokenUrl;
	await mountDemo(document.querySelector('#demo'), uaid);
}

void main();
