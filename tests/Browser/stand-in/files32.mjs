/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// What the stand-in for Nextcloud 32's Files app reads, the way that Files app reads it: the
// registrations through @nextcloud/files 3's getters, new nodes through @nextcloud/event-bus.
// Bundled by files-badge.browser.mjs (buildStandIns) and served on the stand-in page after mirror-init.js.

import { subscribe } from '@nextcloud/event-bus'
import { davGetDefaultPropfind, getFileActions } from '@nextcloud/files'
import { standIn } from './list.mjs'

standIn({
	api: 3,
	action: (id) => getFileActions().find((action) => action.id === id),
	propfind: () => davGetDefaultPropfind(),
	subscribe,
})
