/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Injected by @nextcloud/webpack-vue-config (DefinePlugin) and by jest.config.js.
declare const appName: string
declare const appVersion: string
