/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { formatFileSize as filesFormat } from '@nextcloud/files'
import { formatFileSize } from './fileSize'

describe('formatFileSize', () => {
	it('says what @nextcloud/files says, for sizes from nothing to petabytes', () => {
		const sizes = [0, 1, 512, 1023, 1024, 1025, 1536, 10_000, 1_048_575, 1_048_576, 1_572_864, 123_456_789,
			4_294_967_295, 4_294_967_296, 1.5 * 1024 ** 4, 3 * 1024 ** 5, 5 * 1024 ** 6, -1]
		for (const size of sizes) {
			expect([size, formatFileSize(size)]).toEqual([size, filesFormat(size)])
		}
		expect(formatFileSize('2048')).toBe(filesFormat('2048'))
	})

	it('writes bytes, kilobytes and megabytes the way Files does', () => {
		expect(formatFileSize(0)).toBe('0 B')
		expect(formatFileSize(1536)).toBe('2 KB')
		expect(formatFileSize(1_572_864)).toBe('1.5 MB')
		expect(formatFileSize(4_294_967_296)).toBe('4 GB')
	})
})
