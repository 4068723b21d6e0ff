/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Many @nextcloud packages (and webdav & co.) are ESM-only: their `exports`
// map has only an `import` condition, which jest's CommonJS resolution does
// not ask for. Retry with the ESM conditions; babel-jest then transpiles the
// file (see transformIgnorePatterns in jest.config.js).
module.exports = (request, options) => {
	try {
		return options.defaultResolver(request, options)
	} catch (error) {
		try {
			return options.defaultResolver(request, {
				...options,
				conditions: ['import', 'browser', 'default'],
			})
		} catch {
			throw error
		}
	}
}
