/**
 * The browser's slim table: each code's class, derived from the catalogue. This file is what
 * Node code and tests run; every browser build replaces it with the same table written out as a
 * literal (tools/result-class-table.mjs: the script-tag bundle, the ESM files in dist/ and the
 * size bench), so the catalogue's texts never reach a browser.
 */
import { browserClassTable } from './result-codes.js';
import type { PlatformEndpoint, ResultClass } from './result-types.js';

export const RESULT_CLASSES: Readonly<Record<PlatformEndpoint, Readonly<Record<string, ResultClass>>>> = browserClassTable();
