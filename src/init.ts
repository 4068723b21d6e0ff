/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The Files app loads this script on every page: it holds no library and no Vue. It loads the
// registrations (the badge action, the WebDAV property, the sidebar tab) for this server's Files app;
// the tab's content is import()ed when first shown.

import { generateFilePath } from '@nextcloud/router'
import { registerWithFiles } from './files/register'

// Lazy chunks load from wherever the app is installed (apps/, custom_apps/, any webroot).
__webpack_public_path__ = generateFilePath('mirror', '', 'js/')
// and carry the page's script nonce (the Content-Security-Policy may ask for it)
__webpack_nonce__ = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.nonce || undefined

void registerWithFiles()
