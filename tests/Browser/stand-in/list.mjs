/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The stand-in's file list (#files): the test fills it from a real PROPFIND with what Files asks
// for; a file the Files app hears of through files:node:created gets its row at once, as in Files.

export function standIn({ api, action, propfind, tab, subscribe }) {
	const created = []
	subscribe('files:node:created', (node) => {
		created.push({
			fileid: node.fileid,
			basename: node.basename,
			path: node.path,
			dirname: node.dirname,
			source: node.source,
			mime: node.mime,
			size: node.size,
			owner: node.owner,
			type: node.type,
			// a File of @nextcloud/files (File, or its minified name): what the Files app's store takes
			isNode: typeof node.fileid === 'number' && typeof node.encodedSource === 'string' && node.mtime instanceof Date,
		})
		const tr = document.createElement('tr')
		tr.dataset.fileid = String(node.fileid)
		tr.className = 'created'
		tr.innerHTML = '<td class="name"></td><td class="actions"></td>'
		tr.querySelector('.name').textContent = node.path
		document.querySelector('#files tbody').appendChild(tr)
	})
	window.standIn = { api, action, propfind, tab, created }
}
