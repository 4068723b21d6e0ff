/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The page globals Nextcloud's server template provides, as @nextcloud/*
// libraries read them. t()/n() from @nextcloud/l10n work unmocked: with no
// translations registered they return the English source strings.

const page = window as unknown as Record<string, unknown>

document.documentElement.lang = 'en'
document.documentElement.dataset.locale = 'en'
document.head.dataset.requesttoken = 'test-request-token'
// the signed-in user, as the server's page template puts it in <head> (@nextcloud/auth reads it)
document.head.dataset.user = 'admin'
document.head.dataset.userDisplayname = 'Admin'

page._oc_webroot = ''
page._oc_appswebroots = { mirror: '/apps/mirror' }
page.OC = {
	config: { version: '32.0.0.0', modRewriteWorking: true },
	coreApps: ['', 'admin', 'api', 'core', 'files', 'settings'],
	webroot: '',
	appswebroots: { mirror: '/apps/mirror' },
	isUserAdmin: () => true,
	getCurrentUser: () => ({ uid: 'admin', displayName: 'Admin' }),
}
page.OCA = { Files: {} }

// The Files script's words, as the server provides them with it (lib/Status/FilesPageTexts.php) to an English reader
const filesTexts = document.createElement('input')
filesTexts.type = 'hidden'
filesTexts.id = 'initial-state-mirror-files-texts'
filesTexts.value = btoa(JSON.stringify({
	action: 'Mirror status',
	tab: 'Mirror',
	replicated: 'Mirrored: a verified copy is on every mirror drive',
	pending: 'Mirror pending: not yet copied to every mirror drive',
	failed: 'Mirror failed: copying to a mirror drive failed',
	details: 'Open the Mirror tab for details.',
}))
document.head.appendChild(filesTexts)
