/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { Condition } from '../../types/admin'

import { mount } from '@vue/test-utils'
import HealthBanner from './HealthBanner.vue'
import { condition, NOW, NOW_MS, offlineTarget, target } from './testFixtures'

const GB = 2 ** 30

function banner(conditions: Condition[], targets = [target()]) {
	return mount(HealthBanner, { props: { conditions, targets } })
}

function card(wrapper: ReturnType<typeof banner>, type: Condition['type']) {
	return wrapper.find(`.health-banner__card[data-condition="${type}"]`)
}

describe('HealthBanner', () => {
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
		jest.setSystemTime(NOW_MS)
	})
	afterEach(() => jest.useRealTimers())

	it('shows nothing when the health check found nothing', () => {
		const wrapper = banner([])
		expect(wrapper.find('.health-banner').exists()).toBe(false)
		expect(wrapper.text()).toBe('')
	})

	it('shows an offline drive as an error: its name, since when, and where to mount it', () => {
		const wrapper = banner([condition({ type: 'offline', severity: 'error', reason: 'marker_missing', since: NOW - 2 * 3600 })], [offlineTarget()])
		const offline = card(wrapper, 'offline')
		expect(offline.classes()).toContain('notecard--error')
		expect(offline.attributes('role')).toBe('alert')
		expect(offline.find('.notecard__heading').text()).toBe('Backup drive "USB drive" is offline')
		expect(offline.find('.health-banner__since').text()).toBe('It went offline 2 hours ago. Nothing is backed up to it until it is back; new files wait for it.')
		// the time counting up inside an alert is not read out again and again
		expect(offline.find('.health-banner__since').attributes('aria-live')).toBe('off')
		expect(offline.find('.health-banner__advice').text()).toBe('Plug the drive in and mount it at /mnt/usb again. Copying resumes by itself, and nothing is lost meanwhile.')
	})

	it('says what to do for each reason a drive is offline', () => {
		const advice = (reason: string, targets = [target()]) => card(banner([condition({ reason })], targets), 'offline').find('.health-banner__advice').text()
		expect(advice('marker_mismatch')).toContain('Another drive is connected in its place')
		expect(advice('marker_mismatch')).toContain('occ mirror:target:adopt 1')
		expect(advice('not_writable')).toContain('check the owner and permissions of /mnt/usb')
		expect(advice('not_directory')).toBe('/mnt/usb is not a folder any more: mount the drive there again.')
		expect(advice('not_found', [])).toBe('Plug the drive in and mount it at its folder again. Copying resumes by itself, and nothing is lost meanwhile.')
	})

	it('shows a full drive as a warning with free of total space and the days left', () => {
		const wrapper = banner([condition({ type: 'full', severity: 'warning', freeBytes: 4 * GB, totalBytes: 500 * GB, daysLeft: 3, since: NOW - 86400 })])
		const full = card(wrapper, 'full')
		expect(full.classes()).toContain('notecard--warning')
		expect(full.attributes('role')).toBe('note')
		expect(full.find('.notecard__heading').text()).toBe('Backup drive "USB drive" is full')
		expect(full.findAll('.health-banner__fact').map((fact) => fact.text())).toEqual([
			'4 GB free of 500 GB.',
			'At the rate it filled over the last week, no room is left in about 3 days.',
		])
		expect(full.find('.health-banner__since').text()).toBe('Noticed yesterday: less free space is left than the reserve set below.')
		expect(full.text()).toContain('free some space on the drive, or move to a larger one')
	})

	it('leaves the days out for a full drive that is not filling any more, and says "within a day" for 0', () => {
		expect(card(banner([condition({ type: 'full', freeBytes: GB, totalBytes: 100 * GB })]), 'full').findAll('.health-banner__fact')).toHaveLength(1)
		expect(card(banner([condition({ type: 'full', freeBytes: GB, totalBytes: 100 * GB, daysLeft: 0 })]), 'full').text())
			.toContain('no room is left within a day')
	})

	it('shows a filling drive with its days until full in the heading', () => {
		const wrapper = banner([condition({ type: 'filling', freeBytes: 40 * GB, totalBytes: 1024 * GB, daysLeft: 12 })])
		const filling = card(wrapper, 'filling')
		expect(filling.classes()).toContain('notecard--warning')
		expect(filling.find('.notecard__heading').text()).toBe('Backup drive "USB drive" will be full in about 12 days')
		expect(filling.text()).toContain('40 GB free of 1 TB.')
		expect(filling.text()).toContain('no room is left in about 12 days')
		expect(card(banner([condition({ type: 'filling', freeBytes: GB, totalBytes: 2 * GB, daysLeft: 1 })]), 'filling').find('.notecard__heading').text())
			.toBe('Backup drive "USB drive" will be full in about 1 day')
	})

	it('shows failing files with their count and the first names', () => {
		const files = ['alice/Photos/a.jpg', 'alice/Photos/b.jpg', 'bob/film:1.mkv']
		const wrapper = banner([condition({ type: 'failing', count: 7, files, since: NOW - 3 * 86400 })])
		const failing = card(wrapper, 'failing')
		expect(failing.classes()).toContain('notecard--warning')
		expect(failing.find('.notecard__heading').text()).toBe('7 files have not reached backup drive "USB drive"')
		expect(failing.findAll('.health-banner__files li').map((li) => li.text())).toEqual(files)
		expect(failing.find('.health-banner__more').text()).toBe('and 4 more')
		expect(failing.find('.health-banner__since').text()).toContain('The first one failed 3 days ago.')
		expect(failing.text()).toContain('The list of failed files below says why')

		const one = card(banner([condition({ type: 'failing', count: 1, files: ['alice/a.jpg'] })]), 'failing')
		expect(one.find('.notecard__heading').text()).toBe('1 file has not reached backup drive "USB drive"')
		expect(one.find('.health-banner__more').exists()).toBe(false)
	})

	it('shows a lagging drive and damaged copies as warnings, with what to do', () => {
		const wrapper = banner([
			condition({ type: 'lagging', since: NOW - 2 * 86400 }),
			condition({ type: 'damaged', count: 2, since: NOW - 3600 }),
		])
		const lagging = card(wrapper, 'lagging')
		expect(lagging.classes()).toContain('notecard--warning')
		expect(lagging.find('.notecard__heading').text()).toBe('Backup drive "USB drive" is falling behind')
		expect(lagging.find('.health-banner__since').text()).toBe('The oldest file waiting for it was queued 2 days ago, although the drive is connected.')
		expect(lagging.text()).toContain('background jobs (cron)')
		const damaged = card(wrapper, 'damaged')
		expect(damaged.classes()).toContain('notecard--warning')
		expect(damaged.find('.notecard__heading').text()).toBe('Verify found 2 damaged copies on backup drive "USB drive"')
		expect(damaged.text()).toContain('Found 1 hour ago.')
		expect(damaged.text()).toContain('occ mirror:verify')
	})

	it('reminds to plug in an offline drive that has had no complete copy for long', () => {
		const reminder = card(banner([condition({ type: 'reminder', targetName: 'Away', days: 45, since: NOW - 45 * 86400 })]), 'reminder')
		expect(reminder.classes()).toContain('notecard--warning')
		expect(reminder.find('.notecard__heading').text()).toBe('Offline drive "Away" has had no complete copy for 45 days')
		expect(reminder.text()).toContain('safe to unplug')
	})

	it('warns of a drive exported read-write, with the exports and the one-line fix', () => {
		const exported = card(banner([condition({
			type: 'exported',
			severity: 'warning',
			reason: 'nfs',
			since: NOW - 3600,
			files: ['/etc/exports: /mnt/usb 192.168.1.0/24(rw,sync)'],
			message: '/etc/exports: /mnt/usb 192.168.1.0/24(ro,sync)',
		})]), 'exported')
		expect(exported.classes()).toContain('notecard--warning')
		expect(exported.find('.notecard__heading').text()).toBe('Backup drive "USB drive" is exported read-write over NFS')
		expect(exported.find('.health-banner__files').text()).toBe('/etc/exports: /mnt/usb 192.168.1.0/24(rw,sync)')
		expect(exported.find('.health-banner__since').text()).toContain('can change or delete the backup')
		expect(exported.find('.health-banner__advice').text()).toBe('Export it read-only: /etc/exports: /mnt/usb 192.168.1.0/24(ro,sync). Then reload the exports (exportfs -ra) or Samba (smbcontrol all reload-config).')
		const samba = card(banner([condition({ type: 'exported', severity: 'warning', reason: 'samba', files: [], message: '[usb] read only = yes' })]), 'exported')
		expect(samba.find('.notecard__heading').text()).toBe('Backup drive "USB drive" is exported read-write over Samba')
	})

	it('says when drive operations are not race-free where the worker runs, and what to do', () => {
		const race = card(banner([condition({ type: 'race', targetName: 'USB drive' })]), 'race')
		expect(race.classes()).toContain('notecard--warning')
		expect(race.find('.notecard__heading').text()).toBe('Drive operations on backup drive "USB drive" are not race-free here')
		expect(race.text()).toContain('enable FFI for the CLI (ffi.enable), or export the drive read-only')
	})

	it('says when the server holding a drive has not run Mirror for too long, as an error', () => {
		const silent = card(banner([condition({ type: 'node_silent', severity: 'error', node: 'pi-a', since: NOW - 2 * 3600 })]), 'node_silent')
		expect(silent.classes()).toContain('notecard--error')
		expect(silent.find('.notecard__heading').text()).toBe('The server of backup drive "USB drive" (pi-a) has not copied anything for a while')
		expect(silent.text()).toContain('occ mirror:target:move-node')
	})

	it('says what found damaged copies: the scheduled check (naming files of which neither copy is good), or the read-back', () => {
		const scrub = card(banner([condition({ type: 'damaged', reason: 'scrub', count: 3, files: ['alice/a.jpg'] })]), 'damaged')
		expect(scrub.find('.notecard__heading').text()).toBe('The scheduled check found 3 damaged copies on backup drive "USB drive"')
		expect(scrub.find('.health-banner__files').text()).toBe('alice/a.jpg')
		expect(scrub.text()).toContain('neither copy is known to be good')
		const readBack = card(banner([condition({ type: 'damaged', reason: 'read_back', count: 1, files: [] })]), 'damaged')
		expect(readBack.find('.notecard__heading').text()).toBe('Backup drive "USB drive" returned different bytes for 1 copy again and again')
	})

	it('warns when not every copy on a drive has been checked for too long', () => {
		const unchecked = card(banner([condition({ type: 'unchecked', reason: 'overdue', days: 61 })]), 'unchecked')
		expect(unchecked.classes()).toContain('notecard--warning')
		expect(unchecked.find('.notecard__heading').text()).toBe('The copies on backup drive "USB drive" have not all been checked for too long')
		expect(unchecked.text()).toContain('Last fully checked')
	})

	it('keeps the server\'s order (errors first), one card per condition', () => {
		const wrapper = banner([
			condition({ targetId: 2, targetName: 'NAS', type: 'offline' }),
			condition({ type: 'failing', count: 1, files: ['alice/a.jpg'] }),
			condition({ type: 'lagging' }),
		])
		expect(wrapper.findAll('.health-banner__card').map((c) => c.attributes('data-condition'))).toEqual(['offline', 'failing', 'lagging'])
		expect(wrapper.findAll('.notecard--error')).toHaveLength(1)
		expect(wrapper.find('.notecard--error').text()).toContain('"NAS"')
	})
})
