/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

const nextcloudConfig = require('@nextcloud/babel-config')

module.exports = (api) => {
	if (api.env('test')) {
		// Jest: run on the current Node, compile TypeScript, emit CommonJS
		// (also for the ESM-only @nextcloud packages jest.config.js lets through).
		return {
			presets: [
				['@babel/preset-env', { targets: { node: 'current' } }],
				'@babel/preset-typescript',
			],
		}
	}
	// webpack: ts-loader has already stripped the types.
	return nextcloudConfig
}
