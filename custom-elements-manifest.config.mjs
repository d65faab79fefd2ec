/**
 * `cem analyze` reads the element's JSDoc (@summary, @tag, @event, @slot, @csspart, @cssproperty)
 * into custom-elements.json, which editors, Storybook and linters read. `npm run build` writes it;
 * test/ecosystem/custom-elements-manifest.test.ts fails when the committed copy is stale.
 */

/** The analyzer reads the TypeScript sources; the manifest must name the modules a user imports. */
const toDist = (path) => path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');

/**
 * Tidies what the analyzer guesses: events it infers from `dispatchEvent(new X(detail))` take a
 * field of the detail for the name (our events are typed classes, documented with @event), and
 * private members are not API.
 */
function publishedApiOnly() {
	return {
		name: 'cmcc-uaid-published-api',
		packageLinkPhase({ customElementsManifest }) {
			for (const module of customElementsManifest.modules) {
				module.path = toDist(module.path);
				for (const declaration of module.declarations ?? []) {
					if (declaration.members)
						declaration.members = declaration.members.filter((member) => member.privacy !== 'private' && !member.name.startsWith('#'));
					if (declaration.events) {
						const documented = new Map();
						for (const event of declaration.events) {
							if (event.name?.startsWith('uaid-') && (!documented.has(event.name) || event.description)) documented.set(event.name, event);
						}
						declaration.events = [...documented.values()];
					}
				}
				for (const entry of module.exports ?? []) {
					if (entry.declaration?.module) entry.declaration.module = toDist(entry.declaration.module);
				}
				// The tag is registered by a static define() call, which the analyzer cannot follow.
				if (module.path === 'dist/element/cmcc-uaid-define.js') {
					// It re-exports the class it imports; the analyzer takes the re-export for a declaration.
					for (const entry of module.exports) entry.declaration.module = 'dist/element/cmcc-uaid-element.js';
					module.exports.push({
						kind: 'custom-element-definition',
						name: 'cmcc-uaid',
						declaration: { name: 'CmccUaidElement', module: 'dist/element/cmcc-uaid-element.js' },
					});
				}
			}
		},
	};
}

export default {
	globs: ['src/element/cmcc-uaid-element.ts', 'src/element/cmcc-uaid-define.ts', 'src/element/events.ts'],
	outdir: '.',
	litelement: true,
	// package.json names the manifest itself; the analyzer would rewrite it on every run.
	packagejson: false,
	plugins: [publishedApiOnly()],
};
