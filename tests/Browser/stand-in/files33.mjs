/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// What the stand-in for the Files app of Nextcloud 33+ reads, the way that Files app reads it: the
// registrations through @nextcloud/files 4's getters, new nodes through @nextcloud/event-bus.
// Bundled by files-badge.browser.mjs (buildStandIns) and served on the stand-in page after mirror-init.js.

import { subscribe } from '@nextcloud/event-bus'
import { getFileActions, getSidebarTabs } from '@nextcloud/files-4'
import { getDefaultPropfind } from '@nextcloud/files-4/dav'
import { standIn } from './list.mjs'

standIn({
	api: 4,
	action: (id) => getFileActions().find((action) => action.id === id),
	propfind: () => getDefaultPropfind(),
	tab: (id) => getSidebarTabs().find((tab) => tab.id === id),
	subscribe,
})
