/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Bundles the stand-ins' scripts (files32.mjs, files33.mjs) with the checkout's own webpack and
// node_modules, in memory-light development mode: { 32: code, 33: code }.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(join(here, '..', '..', '..', 'package.json'))
const webpack = require('webpack')

export async function buildStandIns() {
	const out = mkdtempSync(join(tmpdir(), 'mirror-stand-in-'))
	try {
		const stats = await new Promise((resolve, reject) => webpack({
			mode: 'development',
			devtool: false,
			target: 'web',
			context: here,
			entry: { 32: join(here, 'files32.mjs'), 33: join(here, 'files33.mjs') },
			output: { path: out, filename: '[name].js' },
			resolve: {
				modules: ['node_modules', join(here, '..', '..', '..', 'node_modules')],
				// the WebDAV client, which these never call, reaches for Node's modules
				fallback: { buffer: false, string_decoder: false, stream: false, util: false, path: false, fs: false, crypto: false, process: false },
			},
			module: { rules: [{ test: /[\\/]node_modules[\\/](@nextcloud[\\/]files(-4)?|webdav)[\\/]/, sideEffects: false }] },
			optimization: { sideEffects: true, usedExports: true, splitChunks: false },
			performance: { hints: false },
		}, (error, result) => (error ? reject(error) : resolve(result))))
		if (stats.hasErrors()) {
			throw new Error(stats.toString({ all: false, errors: true }))
		}
		return { 32: readFileSync(join(out, '32.js'), 'utf8'), 33: readFileSync(join(out, '33.js'), 'utf8') }
	} finally {
		rmSync(out, { recursive: true, force: true })
	}
}
