import { describe, expect, it } from 'vitest';
import { minifyCss, minifyHtml, minifyLiterals } from '../../tools/minify-literals.mjs';

describe('build-time minification of css and html literals', () => {
	it('CSS loses comments and the whitespace no rule needs, and keeps the spaces inside values', () => {
		expect(
			minifyCss(
				'\n\t:host {\n\t\t/* theme */\n\t\tpadding: 0.75em 1.5em;\n\t\tbox-shadow: 0 0 0 3px color-mix(in srgb, red 40%, transparent);\n\t}\n',
			),
		).toBe(' :host{padding:.75em 1.5em;box-shadow:0 0 0 3px color-mix(in srgb,red 40%,transparent)}');
	});

	it('a number loses its leading zero and a colour its doubled digits, and other numbers and colours stay', () => {
		expect(
			minifyCss('a{opacity:0;margin:0.5em 10.5em;width:calc(0.5em + 20.05px);color:#ffffff;background:#0077bb;border-color:#1a7f37}'),
		).toBe('a{opacity:0;margin:.5em 10.5em;width:calc(.5em + 20.05px);color:#fff;background:#07b;border-color:#1a7f37}');
	});

	it('a child combinator and !important lose the spaces around them', () => {
		expect(minifyCss('.status > * {display: none !important}')).toBe('.status>*{display:none!important}');
	});

	it('an attribute selector loses the quotes around an identifier, and keeps those a value needs', () => {
		expect(minifyCss(`[part='base'] [aria-busy="true"] {}`)).toBe('[part=base] [aria-busy=true]{}');
		expect(minifyCss(`[title='a b'],[lang='1x'],[href="/x"] {}`)).toBe(`[title='a b'],[lang='1x'],[href="/x"]{}`);
	});

	it('HTML loses indentation next to tags, and keeps one space where two bindings or attributes would meet', () => {
		expect(minifyHtml('\n\t<p part="status"\n\t\trole="status">\n\t\t${a}\n\t\t${b}\n\t</p>\n')).toBe(
			'<p part="status" role="status">${a} ${b}</p>',
		);
		expect(minifyHtml('<b>two  words</b>')).toBe('<b>two  words</b>');
	});

	it('touches only css/html literals of a module that imports lit, and never their expressions', () => {
		const source =
			"import { css, html } from 'lit';\nconst s = css`\n\ta {\n\t\tcolor: red;\n\t}\n`;\nconst t = html`\n\t<i>${'  x  '}</i>\n`;\nconst u = `\n\tkeep\n`;\n";
		expect(minifyLiterals(source, 'x.ts')?.code).toBe(
			"import { css, html } from 'lit';\nconst s = css`a{color:red}`;\nconst t = html`<i>${'  x  '}</i>`;\nconst u = `\n\tkeep\n`;\n",
		);
		expect(minifyLiterals(source.replace("from 'lit'", "from 'other'"), 'x.ts')).toBeUndefined();
	});

	it("minifies the one constant literal given to unsafeCSS as CSS, and no other call's", () => {
		const source =
			"import { unsafeCSS } from 'lit';\nconst s = unsafeCSS(`\n\ta {\n\t\tcolor: red;\n\t}\n`);\nconst u = other(`\n\ta {\n\t}\n`);\n";
		expect(minifyLiterals(source, 'x.ts')?.code).toBe(
			"import { unsafeCSS } from 'lit';\nconst s = unsafeCSS(`a{color:red}`);\nconst u = other(`\n\ta {\n\t}\n`);\n",
		);
	});
});
