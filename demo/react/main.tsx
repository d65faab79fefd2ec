import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';

// Only the demo needs this: the page asks its backend where China Mobile's getMobile is (the
// simulator here). A production page leaves token-url out and gets the real endpoint.
const config = (await (await fetch('/demo/config.json')).json()) as { tokenUrl?: string };

createRoot(document.getElementById('root')!).render(
	<StrictMode>
		<App tokenUrl={config.tokenUrl} />
	</StrictMode>,
);
