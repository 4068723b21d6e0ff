/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// jsdom lacks fetch and friends; webdav (pulled in by @nextcloud/files)
// calls window.fetch.bind at import time. Hand the window Node's own.
const { TestEnvironment } = require('jest-environment-jsdom')

const FROM_NODE = [
	'fetch',
	'Headers',
	'Request',
	'Response',
	'FormData',
	'ReadableStream',
	'TextEncoder',
	'TextDecoder',
	'structuredClone',
]

class MirrorEnvironment extends TestEnvironment {
	async setup() {
		await super.setup()
		for (const name of FROM_NODE) {
			if (typeof this.global[name] === 'undefined' && typeof globalThis[name] !== 'undefined') {
				this.global[name] = globalThis[name]
			}
		}
	}
}

module.exports = MirrorEnvironment
