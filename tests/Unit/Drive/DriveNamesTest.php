<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\DriveNames;
use PHPUnit\Framework\TestCase;

class DriveNamesTest extends TestCase {
	public function testADriveThatTakesEveryNameKeepsThemAsTheyAre(): void {
		$this->assertSame('Party: 2024?.jpg', (new DriveNames('ext4', null, null))->encode('Party: 2024?.jpg'));
	}

	public function testLookAlikesAsRcloneWritesThem(): void {
		$names = new DriveNames('exfat', DriveNames::LOOK_ALIKE, null);
		$this->assertSame("Party\u{FF1A} 2024\u{FF1F}.jpg", $names->encode('Party: 2024?.jpg'));
		$this->assertSame("a\u{FF0A}b\u{FF02}c\u{FF1C}d\u{FF1E}e\u{FF5C}f\u{FF3C}g", $names->encode('a*b"c<d>e|f\\g'));
		$this->assertSame("notes\u{FF0E}", $names->encode('notes.'), 'a trailing dot');
		$this->assertSame("draft\u{2420}", $names->encode('draft '), 'a trailing space');
		$this->assertSame('.hidden', $names->encode('.hidden'), 'a leading dot is fine');
	}

	public function testPercentWhereTheDriveTakesNoLookAlikeEither(): void {
		$names = new DriveNames('fuse.fusefat', DriveNames::PERCENT, DriveNames::FAT32_MAX);
		$this->assertSame('meeting 10%3A30%3F.txt', $names->encode('meeting 10:30?.txt'));
		$this->assertSame('100%25 sure%2E', $names->encode('100% sure.'), 'the percent sign itself, so that no two names meet');
		$this->assertNotSame($names->encode('a:b'), $names->encode('a%3Ab'));
	}

	public function testTheProbeFindsOutWhatAPlainFolderTakes(): void {
		$dir = sys_get_temp_dir() . '/mirror-names-' . bin2hex(random_bytes(4));
		mkdir($dir);
		try {
			$names = DriveNames::probe($dir);
			$this->assertNull($names->encoding, 'a Linux filesystem takes : and ?');
			$this->assertSame(['.', '..'], scandir($dir), 'the probe leaves nothing behind');
		} finally {
			rmdir($dir);
		}
	}
}
