/**
 * The browsers the script-tag bundle supports, as esbuild targets (README § Browser support):
 * the engines that have custom elements, shadow DOM, `fetch` and `Array.prototype.at`. Naming
 * browsers rather than `es2021` keeps syntax they all run natively (private class members,
 * `#x in obj`) instead of lowering it to WeakMap helpers, which saved ~0.6 KB gzip of the IIFE at
 * no cost in support; class static blocks (Chrome 94, Safari 16.4) are still lowered.
 * Used by vite.config.ts (the shipped IIFE) and bench/sizes (the measured bundles).
 */
export const BROWSER_TARGETS = ['chrome92', 'edge92', 'firefox90', 'safari15.4'];
