/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Run through npm scripts only: @nextcloud/webpack-vue-config takes the app id
// from npm_package_name and names every output js/mirror-<entry>.js.
const path = require('node:path')
const webpack = require('webpack')
const webpackConfig = require('@nextcloud/webpack-vue-config')
const { RULE_CSS, RULE_SCSS, RULE_TS } = require('@nextcloud/webpack-vue-config/rules')
const BundleBudgets = require('./tools/bundle-budgets.js')

webpackConfig.entry = {
	'admin-settings': path.join(__dirname, 'src', 'admin-settings.ts'),
	'personal-settings': path.join(__dirname, 'src', 'personal-settings.ts'),
	// Loaded by the Files app on every page: keep it tiny, import() the rest
	// (src/sidebar.ts, the Files sidebar tab, is such a lazy chunk, not an entry).
	init: path.join(__dirname, 'src', 'init.ts'),
}

// The shared config cleans js/ on every build: keep the tracked placeholder.
webpackConfig.output.clean = { keep: /\.gitkeep$/ }

// Without appendTsSuffixTo, <script lang="ts"> in .vue files is silently
// dropped (the component ends up with no default export).
RULE_TS.use = [
	'babel-loader',
	{
		loader: 'ts-loader',
		options: {
			appendTsSuffixTo: [/\.vue$/],
			// Types are checked by `npm run typecheck` (vue-tsc), which also
			// covers templates; the build only transpiles.
			transpileOnly: true,
		},
	},
]

// Stylesheets (the app's <style> blocks, @nextcloud/vue's component CSS) travel as strings inside the JavaScript.
// css-loader follows `devtool` and would put each one's source map, with the whole stylesheet again as its
// source, into that string: about 60 KB of the admin page's first load and 46 KB of the Mirror tab's. The
// JavaScript keeps its .map files; in production the CSS has none and is minified (tools/css-minify-loader.js).
if (webpackConfig.mode === 'production') {
	for (const rule of [RULE_CSS, RULE_SCSS]) {
		rule.use = rule.use.flatMap((loader) => loader === 'css-loader'
			? [{ loader: 'css-loader', options: { sourceMap: false } }, path.join(__dirname, 'tools', 'css-minify-loader.js')]
			: [loader])
	}
}

// The catalogue of state texts (src/texts/states.ts) is one module, but the script Files loads on every page
// (src/files/) needs only the badge's words from it. Within one runtime webpack keeps every export that any
// chunk uses, so the Mirror tab's texts (used by its lazy chunk) would land in that script. Its imports get
// their own instance of the module (same file, another resource query), trimmed to what src/files/ uses.
const filesDir = path.join(__dirname, 'src', 'files') + path.sep
webpackConfig.plugins.push(new webpack.NormalModuleReplacementPlugin(/[\\/]texts[\\/]states$/, (resource) => {
	if ((resource.contextInfo?.issuer ?? '').startsWith(filesDir)) {
		resource.request += '?files'
	}
}))

// @nextcloud/vue's date picker import()s one chunk per date-fns language (94 chunks, 0.67 MB); the app shows
// no date picker, so none of them is built.
webpackConfig.plugins.push(new webpack.IgnorePlugin({ resourceRegExp: /^date-fns\/locale\//, contextRegExp: /@nextcloud[\\/]vue/ }))

// @nextcloud/files (3 and 4) and webdav declare no "sideEffects" in their package.json, so webpack keeps every
// module they import, used or not: the registrations the Files page loads (src/files/filesApi3.ts, filesApi4.ts)
// would bring the whole WebDAV client (webdav, a buffer polyfill, ...), which they never call. Their modules
// only define functions, classes and constants (a global scope object is created on first use, by the function
// that uses it): marked free of side effects, webpack drops what is not used. Measured: bench/README.md.
webpackConfig.module.rules.push({
	test: /[\\/]node_modules[\\/](@nextcloud[\\/]files(-4)?|webdav)[\\/]/,
	sideEffects: false,
})

// What each page's first load may cost, in minified bytes of JavaScript (a production build fails above it,
// and on a shipped chunk nothing loads). Measurements and the reasons for each figure: bench/README.md.
webpackConfig.plugins.push(new BundleBudgets([
	{ page: 'Files page: init script', groups: ['init'], max: 15_000 },
	// every Files page also loads the registrations through the public @nextcloud/files API of its version
	{ page: 'Files page on 32: init + @nextcloud/files 3 registrations', groups: ['init', 'files-api-3'], max: 150_000 },
	{ page: 'Files page on 33+: init + @nextcloud/files 4 registrations', groups: ['init', 'files-api-4'], max: 183_000 },
	// issue #19's goal: the tab's first load at most 250 KB
	{ page: 'Files sidebar: the Mirror tab, first load (init + tab)', groups: ['init', 'sidebar-tab'], max: 250_000 },
	{ page: 'Files sidebar on 32: all the page loaded once the tab shows', groups: ['init', 'files-api-3', 'sidebar-tab'], max: 380_000 },
	{ page: 'Files sidebar on 33+: all the page loaded once the tab shows', groups: ['init', 'files-api-4', 'sidebar-tab'], max: 413_000 },
	// issue #19's goal: the admin page at most 450 KB. The health, trash and recovery key sections are import()ed
	// at once; the group picker (NcSelect and floating-ui) only when the admin asks to change the group.
	{ page: 'admin page (with its health, trash and recovery key sections)', groups: ['admin-settings', 'health-settings', 'trash-settings', 'recovery-key'], max: 450_000 },
	{ page: 'admin page, the group picker opened', groups: ['admin-settings', 'health-settings', 'trash-settings', 'recovery-key', 'group-picker'], max: 495_000 },
	{ page: 'personal page', groups: ['personal-settings'], max: 225_000 },
// 1,618,957 before the CSS lost its source maps and was minified (issue #19)
], { maxTotal: 1_400_000 }))

module.exports = webpackConfig
