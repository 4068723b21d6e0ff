/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Injected by @nextcloud/webpack-vue-config (DefinePlugin) and by jest.config.js.
declare const appName: string
declare const appVersion: string

// Webpack's runtime globals, set by src/init.ts and src/admin-settings.ts for lazy chunks.
// eslint-disable-next-line camelcase
declare let __webpack_public_path__: string
// eslint-disable-next-line camelcase
declare let __webpack_nonce__: string | undefined

// A package's stylesheet, imported for its side effect (webpack's css-loader puts it on the page).
declare module '*.css'
