/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type * as Texts from './texts'

// As PHP's json_encode writes it (non-ASCII as \u escapes), base64-encoded: Nextcloud's initial state
const encoded = (value: object): string => btoa(JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')))

describe('the Files script\'s words', () => {
	const input = () => document.getElementById('initial-state-mirror-files-texts') as HTMLInputElement

	it('are the ones the server sent with the page, in its reader\'s language', () => {
		const english = input().value
		input().value = encoded({
			action: 'Mirror-Status',
			tab: 'Mirror',
			replicated: 'Gespiegelt: Eine geprüfte Kopie liegt auf jedem Spiegellaufwerk',
			pending: 'Mirror ausstehend',
			failed: 'Mirror fehlgeschlagen',
			details: 'Öffne den Mirror-Tab für Details.',
		})
		try {
			jest.isolateModules(() => {
				const texts = require('./texts') as typeof Texts // eslint-disable-line @typescript-eslint/no-require-imports
				expect(texts.filesTexts().action).toBe('Mirror-Status')
				expect(texts.stateLabel('replicated')).toBe('Gespiegelt: Eine geprüfte Kopie liegt auf jedem Spiegellaufwerk')
				expect(texts.stateTooltip('failed')).toBe('Mirror fehlgeschlagen. Öffne den Mirror-Tab für Details.')
			})
		} finally {
			input().value = english
		}
	})

})
