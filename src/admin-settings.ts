/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { generateFilePath } from '@nextcloud/router'
import { createApp } from 'vue'
import AdminSettings from './views/AdminSettings.vue'

// Lazy chunks (the health settings form) load from wherever the app is installed (apps/,
// custom_apps/, any webroot), with the page's script nonce, as in src/init.ts.
__webpack_public_path__ = generateFilePath('mirror', '', 'js/')
__webpack_nonce__ = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.nonce || undefined

createApp(AdminSettings).mount('#mirror-admin-settings')
