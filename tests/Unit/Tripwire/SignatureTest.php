<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Tripwire;

use OCA\Mirror\Tripwire\Signature;
use PHPUnit\Framework\TestCase;

class SignatureTest extends TestCase {
	/**
	 * @return array<string, array{0: string, 1: string}>
	 */
	public static function genuine(): array {
		return [
			'jpeg' => ['IMG_0001.JPG', "\xFF\xD8\xFF\xE1\x00\x10Exif"],
			'png' => ['shot.png', "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"],
			'heic' => ['IMG_0002.heic', "\x00\x00\x00\x18ftypheic"],
			'mp4' => ['clip.mp4', "\x00\x00\x00\x20ftypisom"],
			'mov' => ['clip.MOV', "\x00\x00\x00\x14ftypqt  "],
			'pdf' => ['scan.pdf', "%PDF-1.7\n%\xE2\xE3"],
		];
	}

	/**
	 * @dataProvider genuine
	 */
	public function testAGenuineFileMatchesItsTypeAndNoiseDoesNot(string $name, string $head): void {
		$this->assertTrue(Signature::matches($name, $head));
		$this->assertFalse(Signature::matches($name, "\x8A\x3C" . random_bytes(14)), 'encrypted bytes under the same name');
		$this->assertFalse(Signature::matches($name, ''), 'an emptied file');
	}

	public function testTypesWithoutASignatureAreNotJudged(): void {
		$this->assertNull(Signature::matches('notes.txt', random_bytes(16)));
		$this->assertNull(Signature::matches('README', 'hello'));
	}
}
