/**
 * Removes the whitespace inside Lit's `css` and `html` template literals that no browser needs,
 * at build time, so the element's styles and template can stay readable in src/. Used by every
 * build of the browser code: the npm ESM (a tsc transformer, scripts/build.mjs), the script-tag
 * bundle (a Vite plugin, vite.config.ts) and the bundles bench/sizes measures (an esbuild plugin).
 *
 * Only literals tagged `css` or `html` in modules that import from 'lit' are touched, and only
 * their text between `${…}` expressions, never the expressions.
 */
import { readFile } from 'node:fs/promises';
import MagicString from 'magic-string';
import ts from 'typescript';

/**
 * CSS: comments go, whitespace runs become one space, none is kept around `{ } ; , >`, after `:` or
 * before `!important`, an attribute selector's value loses its quotes where it is an identifier
 * (`[part=base]`), a number its leading zero (`.5em`) and a colour its doubled digits (`#fff`).
 */
export function minifyCss(text) {
	return text
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/\s+/g, ' ')
		.replace(/ ?([{};,>]) ?/g, '$1')
		.replace(/ !important/g, '!important')
		.replace(/: /g, ':')
		.replace(/;}/g, '}')
		.replace(/\[([\w-]+)=(['"])([a-z][\w-]*)\2\]/gi, '[$1=$3]')
		.replace(/(^|[\s:,(])0\.(\d)/g, '$1.$2')
		.replace(/#([\da-f])\1([\da-f])\2([\da-f])\3(?![\da-f])/gi, '#$1$2$3');
}

/**
 * HTML: only the indentation, a whitespace run with a line break in it. Next to a tag's `<` or `>`
 * it goes; elsewhere (between two bindings, between attributes) it becomes one space, so no two
 * words or attributes are joined.
 */
export function minifyHtml(text) {
	return text.replace(/(^|[<>]?)[ \t]*\n\s*([<>]?|$)/g, (_match, before, after) => (before || after ? `${before}${after}` : ' '));
}

const MINIFIERS = { css: minifyCss, html: minifyHtml };

/** A literal to minify, and how: one tagged `css`/`html`, or the single one `unsafeCSS(…)` is given. */
function minifiable(node) {
	if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && Object.hasOwn(MINIFIERS, node.tag.text))
		return { minify: MINIFIERS[node.tag.text], template: node.template };
	if (
		ts.isCallExpression(node) &&
		ts.isIdentifier(node.expression) &&
		node.expression.text === 'unsafeCSS' &&
		node.arguments.length === 1 &&
		ts.isNoSubstitutionTemplateLiteral(node.arguments[0])
	)
		return { minify: minifyCss, template: node.arguments[0] };
	return undefined;
}

/** The template parts of every `css`/`html` literal (and `unsafeCSS` one) in a module: where their text is and what it becomes. */
function literalEdits(sourceText, fileName) {
	if (!/from\s*['"]lit['"]/.test(sourceText)) return [];
	const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, false);
	const edits = [];
	const visit = (node) => {
		const literal = minifiable(node);
		if (literal) {
			const { minify, template } = literal;
			const parts = ts.isNoSubstitutionTemplateLiteral(template)
				? [template]
				: [template.head, ...template.templateSpans.map((span) => span.literal)];
			for (const part of parts) {
				// The raw text sits between the part's delimiters: ` or } before, ` or ${ after.
				const start = part.getStart(source) + 1;
				const end = part.getEnd() - (part.kind === ts.SyntaxKind.TemplateHead || part.kind === ts.SyntaxKind.TemplateMiddle ? 2 : 1);
				const text = sourceText.slice(start, end);
				// An escape sequence would need cooking again; none of ours has one, so such a part is left as it is.
				if (text.includes('\\')) continue;
				let minified = minify(text);
				if (part.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || part.kind === ts.SyntaxKind.TemplateHead)
					minified = minified.trimStart();
				if (part.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || part.kind === ts.SyntaxKind.TemplateTail)
					minified = minified.trimEnd();
				if (minified !== text) edits.push({ start, end, text: minified, node: part });
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return edits;
}

/** The module's text with its literals minified, and the source map of that change. */
export function minifyLiterals(code, fileName) {
	const edits = literalEdits(code, fileName);
	if (edits.length === 0) return undefined;
	const magic = new MagicString(code);
	for (const edit of edits) magic.overwrite(edit.start, edit.end, edit.text);
	return { code: magic.toString(), map: magic.generateMap({ hires: true, source: fileName, includeContent: true }) };
}

/** Vite/Rollup plugin; runs before TypeScript is stripped. */
export function minifyLiteralsVite() {
	return {
		name: 'cmcc-uaid-minify-literals',
		enforce: 'pre',
		transform(code, id) {
			return id.endsWith('.ts') ? minifyLiterals(code, id) : undefined;
		},
	};
}

/** esbuild plugin, for the bundles bench/sizes measures. */
export function minifyLiteralsEsbuild() {
	return {
		name: 'cmcc-uaid-minify-literals',
		setup(build) {
			build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
				const code = await readFile(path, 'utf8');
				return { contents: minifyLiterals(code, path)?.code ?? code, loader: 'ts' };
			});
		},
	};
}

/** tsc `before` transformer for the npm build: the emitted JS and its source maps stay in step. */
export function minifyLiteralsTransformer() {
	return (context) => (source) => {
		const edits = new Map(literalEdits(source.text, source.fileName).map((edit) => [edit.node.pos, edit.text]));
		if (edits.size === 0) return source;
		const { factory } = context;
		// Parts without escape sequences (literalEdits skips the others): cooked and raw text are the same.
		const visit = (node) => {
			const text = edits.get(node.pos);
			if (text !== undefined && node.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral)
				return factory.createNoSubstitutionTemplateLiteral(text, text);
			if (text !== undefined && node.kind === ts.SyntaxKind.TemplateHead) return factory.createTemplateHead(text, text);
			if (text !== undefined && node.kind === ts.SyntaxKind.TemplateMiddle) return factory.createTemplateMiddle(text, text);
			if (text !== undefined && node.kind === ts.SyntaxKind.TemplateTail) return factory.createTemplateTail(text, text);
			return ts.visitEachChild(node, visit, context);
		};
		return ts.visitNode(source, visit);
	};
}
