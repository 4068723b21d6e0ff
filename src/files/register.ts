/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { filesApiVersion } from './filesApiVersion'

/** The public API of one @nextcloud/files major, and what Mirror registers through it. */
export interface FilesApi {
	register: () => void
}

/**
 * Registers the badge action, the WebDAV property and the Mirror tab with the Files app, through the
 * public API of the @nextcloud/files major this server's Files app reads. Either costs 80 to 300 KB
 * (bench/README.md, "Bundle budgets"), too much for the script Files loads on every page (15 KB): it is
 * import()ed at once, so it runs while the Files app's own, much larger, bundle still loads.
 */
export async function registerWithFiles(
	load3: () => Promise<FilesApi> = () => import(/* webpackChunkName: "files-api-3" */ './filesApi3'),
	load4: () => Promise<FilesApi> = () => import(/* webpackChunkName: "files-api-4" */ './filesApi4'),
): Promise<void> {
	const version = filesApiVersion()
	const apis = await Promise.all([
		...(version === 4 ? [] : [load3()]),
		...(version === 3 ? [] : [load4()]),
	])
	apis.forEach((api) => api.register())
}
