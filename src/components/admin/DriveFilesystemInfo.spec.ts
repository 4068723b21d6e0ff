/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { DriveFilesystem } from '../../types/admin'

import { mount } from '@vue/test-utils'
import DriveFilesystemInfo from './DriveFilesystemInfo.vue'
import TargetCard from './TargetCard.vue'
import { offlineTarget, target } from './testFixtures'

function info(filesystem: DriveFilesystem) {
	return mount(DriveFilesystemInfo, { props: { filesystem } })
}

describe('DriveFilesystemInfo', () => {
	it('keeps a space between the filesystem and what it holds ("tmpfs holds", not "tmpfsholds")', () => {
		const wrapper = info({ type: 'tmpfs', encodesNames: false, encoding: null, maxFileSize: null, caseInsensitive: false })
		expect(wrapper.element.textContent?.replace(/\s+/g, ' ')).toContain('tmpfs holds every name and size Nextcloud does')
	})

	it('says a FAT32 drive adapts names, ignores case and holds files up to 4 GiB', () => {
		const wrapper = info({ type: 'vfat', encodesNames: true, encoding: 'lookalike', maxFileSize: 4 * 2 ** 30 - 1, caseInsensitive: true })
		expect(wrapper.find('.drive-filesystem__type').text()).toBe('FAT32 (vfat)')
		const limits = wrapper.findAll('li').map((li) => li.text())
		expect(limits).toHaveLength(3)
		expect(limits[0]).toContain('look-alike')
		expect(limits[1]).toContain('case-insensitive')
		expect(limits[1]).toContain('(case 2)')
		expect(limits[2]).toMatch(/^files up to 4(\.0)? GB/)
	})

	it('names only what a drive cannot hold: exFAT ignores case, has no size limit', () => {
		const wrapper = info({ type: 'exfat', encodesNames: true, encoding: 'lookalike', maxFileSize: null, caseInsensitive: true })
		expect(wrapper.find('.drive-filesystem__type').text()).toBe('exfat')
		const limits = wrapper.findAll('li').map((li) => li.text())
		expect(limits).toHaveLength(2)
		expect(limits.join(' ')).not.toContain('files up to')
	})

	it('says how names are kept on a drive that takes no look-alike either (fusefat): as %XX', () => {
		const wrapper = info({ type: 'fuse.fusefat', encodesNames: true, encoding: 'percent', maxFileSize: 4 * 2 ** 30 - 1, caseInsensitive: true })
		const limits = wrapper.findAll('li').map((li) => li.text())
		expect(limits[0]).toContain('%3A')
		expect(limits[0]).not.toContain('look-alike')
	})

	it('says a Linux filesystem holds everything', () => {
		const wrapper = info({ type: 'ext4', encodesNames: false, encoding: null, maxFileSize: null, caseInsensitive: false })
		expect(wrapper.findAll('li')).toHaveLength(0)
		expect(wrapper.text()).toContain('holds every name and size Nextcloud does')
	})

	it('is shown on the target card while the drive is online, and not while it is offline', () => {
		const fat = target()
		fat.state = { ...fat.state, filesystem: { type: 'fuse.fusefat', encodesNames: true, encoding: 'percent', maxFileSize: 4 * 2 ** 30 - 1, caseInsensitive: true } }
		const card = mount(TargetCard, { props: { target: fat } })
		expect(card.find('.drive-filesystem').text()).toContain('FAT32 (fuse.fusefat)')
		expect(card.find('.drive-filesystem').text()).toContain('case-insensitive')
		expect(mount(TargetCard, { props: { target: offlineTarget() } }).find('.drive-filesystem').exists()).toBe(false)
	})
})
