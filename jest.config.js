/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// ESM-only packages shipping plain .js files that babel-jest must transpile
// to CommonJS (.mjs files anywhere are transpiled anyway).
const esmPackages = [
	'@nextcloud',
	'@vueuse',
	'webdav',
	'nostics',
	'p-queue',
	'p-timeout',
	'eventemitter3',
	'is-svg',
	'cancelable-promise',
	'typescript-event-target',
	// is-svg (@nextcloud/files 4 checks sidebar tab icons with it) and what it reads XML with
	'@file-type',
	'strtok3',
	'token-types',
	'@tokenizer',
	'@borewit',
	'uint8array-extras',
]

/** @type {import('jest').Config} */
module.exports = {
	// Only src/: the haste map trips over unpacked package copies elsewhere,
	// and tests/Unit, tests/Integration belong to PHPUnit.
	roots: ['<rootDir>/src'],
	testMatch: ['**/*.spec.ts'],
	// A spec's first mount transpiles @nextcloud/vue on the fly: on a loaded 2-core machine that alone
	// took longer than jest's 5 s default now and then. No spec waits on a real clock.
	testTimeout: 30_000,
	testEnvironment: '<rootDir>/tests/jest/environment.js',
	testEnvironmentOptions: {
		customExportConditions: ['browser', 'require', 'default'],
	},
	resolver: '<rootDir>/tests/jest/resolver.js',
	setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
	moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'vue', 'json'],
	transform: {
		'^.+\\.vue$': '@vue/vue3-jest',
		'^.+\\.[cm]?[jt]s$': 'babel-jest',
	},
	// Skip node_modules, except .mjs files and the ESM packages listed above.
	transformIgnorePatterns: [
		`/node_modules/(?!(${esmPackages.join('|')})/).+\\.c?js$`,
	],
	moduleNameMapper: {
		'\\.(css|scss)$': '<rootDir>/tests/jest/style-stub.js',
		'\\.svg\\?raw$': '<rootDir>/tests/jest/svg-raw-stub.js',
	},
	globals: {
		appName: 'mirror',
		appVersion: '0.0.0-test',
	},
	clearMocks: true,
}
