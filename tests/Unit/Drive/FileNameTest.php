<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\FileName;
use PHPUnit\Framework\TestCase;

class FileNameTest extends TestCase {
	public function testTheTagGoesBeforeTheLastExtension(): void {
		$this->assertSame('photo (2).jpg', FileName::tagged('photo.jpg', '2'));
		$this->assertSame('archive.tar (restored).gz', FileName::tagged('archive.tar.gz', 'restored'));
		$this->assertSame('A (case 2).JPG', FileName::tagged('A.JPG', 'case 2'));
	}

	public function testANameWithoutAnExtensionOrOnlyALeadingDotTakesItAtTheEnd(): void {
		$this->assertSame('README (2)', FileName::tagged('README', '2'));
		$this->assertSame('.profile (restored)', FileName::tagged('.profile', 'restored'));
	}
}
