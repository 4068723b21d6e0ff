/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { Coverage, Exclusions } from '../../types/admin'

import { flushPromises, mount } from '@vue/test-utils'
import CoverageSection from './CoverageSection.vue'
import { httpError } from './testFixtures'
import { getCoverage, getExclusions, updateExclusions } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	getCoverage: jest.fn(),
	getExclusions: jest.fn(),
	getExternalStorages: jest.fn().mockResolvedValue([]),
	updateExclusions: jest.fn(),
}))
jest.mock('../../utils/notice', () => ({ showError: jest.fn(), showSuccess: jest.fn() }))

const MB = 1024 * 1024
const zero = { files: 0, bytes: 0 }

function exclusions(overrides: Partial<Exclusions> = {}): Exclusions {
	return {
		rules: { patterns: ['*.part', '.thumbnails/'], users: ['bob'], groups: [], maxSize: 2048 * MB },
		defaults: ['*.part', '*.tmp', '.thumbnails/', '.DS_Store', 'Thumbs.db'],
		toTrash: [{ targetId: 1, targetName: 'USB drive', files: 0, bytes: 0 }],
		...overrides,
	}
}

const coverage: Coverage = {
	rows: [{
		kind: 'user',
		id: 'alice',
		name: 'Alice',
		covered: true,
		total: { files: 5, bytes: 3 * MB },
		leftOut: { user: zero, group: zero, nomirror: { files: 2, bytes: MB }, pattern: { files: 1, bytes: 10 }, size: zero },
		targets: [{ targetId: 1, targetName: 'USB drive', mirrored: { files: 2, bytes: 2 * MB }, toTrash: { files: 1, bytes: MB }, notCopied: zero }],
	}],
	toTrash: [{ targetId: 1, targetName: 'USB drive', files: 1, bytes: MB }],
}

async function section() {
	const wrapper = mount(CoverageSection, { attachTo: document.body })
	await flushPromises()
	return wrapper
}

describe('CoverageSection', () => {
	beforeEach(() => {
		(getExclusions as jest.Mock).mockResolvedValue(exclusions());
		(getCoverage as jest.Mock).mockResolvedValue(coverage)
	})
	afterEach(() => {
		document.body.innerHTML = ''
		jest.clearAllMocks()
	})

	it('shows the exclusions and, per user and target, what is mirrored, left out and why, and what goes to the trash', async () => {
		const wrapper = await section()
		expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('*.part\n.thumbnails/')
		const inputs = wrapper.findAll('input')
		expect((inputs[0].element as HTMLInputElement).value).toBe('bob')
		expect((inputs[2].element as HTMLInputElement).value).toBe('2048')
		const row = wrapper.find('tbody tr').text()
		expect(row).toContain('Alice')
		expect(row).toContain('5 files, 3 MB')
		expect(row).toContain('3 files, 1 MB')
		expect(row).toContain('.nomirror 2, pattern 1')
		expect(row).toContain('USB drive')
		expect(row).toContain('1 file, 1 MB')
		expect(row).toContain('2 files, 2 MB')
		expect(wrapper.text()).toContain('federated shares')
		wrapper.unmount()
	})

	it('saves the lists and the size in bytes, says what will move to the trash, and counts again', async () => {
		(updateExclusions as jest.Mock).mockResolvedValue(exclusions({ toTrash: [{ targetId: 1, targetName: 'USB drive', files: 3, bytes: 5 * MB }] }))
		const wrapper = await section()
		await wrapper.find('textarea').setValue('*.part\n\n *.bak ')
		const inputs = wrapper.findAll('input')
		await inputs[0].setValue('bob, carol')
		await inputs[1].setValue('kids')
		await inputs[2].setValue('')
		await wrapper.find('form').trigger('submit')
		await flushPromises()

		expect(updateExclusions).toHaveBeenCalledWith({ patterns: ['*.part', '*.bak'], users: ['bob', 'carol'], groups: ['kids'], maxSize: null })
		expect(wrapper.text()).toContain('USB drive: 3 copies (5 MB) are left out now and move to the mirror trash at the next check.')
		expect(getCoverage).toHaveBeenCalledTimes(2)
		wrapper.unmount()
	})

	it('shows the server\'s refusal and marks the field', async () => {
		(updateExclusions as jest.Mock).mockRejectedValue(httpError(400, { message: 'There is no user "nobody".', field: 'users' }))
		const wrapper = await section()
		await wrapper.findAll('input')[0].setValue('nobody')
		await wrapper.find('form').trigger('submit')
		await flushPromises()

		expect(wrapper.text()).toContain('There is no user "nobody".')
		expect(wrapper.findAll('input')[0].attributes('aria-invalid')).toBe('true')
		wrapper.unmount()
	})
})
