<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive\Exports;

use OCA\Mirror\Drive\Exports\Export;
use OCA\Mirror\Drive\Exports\SambaShares;
use PHPUnit\Framework\TestCase;

/**
 * Samba's smb.conf as smbd reads it (smb.conf(5)).
 */
class SambaSharesTest extends TestCase {
	/**
	 * @return array<string, bool> path => writable
	 */
	private static function writable(string $content): array {
		$all = [];
		foreach (SambaShares::parse($content, '/etc/samba/smb.conf') as $export) {
			$all[$export->path] = $export->writable;
		}
		return $all;
	}

	public function testReadOnlyIsTheDefault(): void {
		$this->assertSame(['/mnt/backup' => false], self::writable("[backup]\n   path = /mnt/backup\n   browseable = yes\n"));
	}

	public function testEverySpellingOfWritable(): void {
		$conf = "[a]\npath = /srv/a\nread only = no\n[b]\npath = /srv/b\nwritable = yes\n[c]\npath = /srv/c\nwriteable = true\n"
			. "[d]\npath = /srv/d\nwrite ok = 1\n[e]\npath = /srv/e\nreadonly = No\n[f]\npath = /srv/f\nRead_Only = no\n"
			. "[g]\npath = /srv/g\nread only = yes\n[h]\npath = /srv/h\nwritable = no\n";
		$this->assertSame(['/srv/a' => true, '/srv/b' => true, '/srv/c' => true, '/srv/d' => true, '/srv/e' => true, '/srv/f' => true,
			'/srv/g' => false, '/srv/h' => false], self::writable($conf));
	}

	public function testTheLastSettingOfAShareWins(): void {
		$this->assertSame(['/srv/a' => false, '/srv/b' => true],
			self::writable("[a]\npath = /srv/a\nwritable = yes\nread only = yes\n[b]\npath = /srv/b\nread only = yes\nwritable = yes\n"));
	}

	public function testGlobalSetsTheDefaultAndAShareOverridesIt(): void {
		$conf = "[global]\n  workgroup = HOME\n  read only = no\n[backup]\n  path = /mnt/backup\n[docs]\n  path = /srv/docs\n  read only = yes\n";
		$this->assertSame(['/mnt/backup' => true, '/srv/docs' => false], self::writable($conf));
	}

	public function testAWriteListMakesItWritableWhateverReadOnlySays(): void {
		$exports = SambaShares::parse("[Backup]\npath = /mnt/backup\nread only = yes\nwrite list = @family\n", '/etc/samba/smb.conf');
		$this->assertTrue($exports[0]->writable);
		$this->assertSame('[Backup] path = /mnt/backup', $exports[0]->entry, 'the share\'s name as written');
		$this->assertSame('[Backup] read only = yes, and no write list', $exports[0]->fix);
		$this->assertSame(Export::SAMBA, $exports[0]->kind);
	}

	public function testCommentsContinuationsAndSectionsThatAreNoFolders(): void {
		$conf = <<<'CONF'
			# [old]
			; path = /mnt/old
			[global]
			   read only = no
			[printers]
			   path = /var/spool/samba
			   printable = yes
			[homes]
			   browseable = no
			[profiles]
			   path = /srv/profiles/%U
			[off]
			   path = /srv/off
			   available = no
			[backup]
			   path = \
			     /mnt/backup
			   ; read only = yes
			   # read only = yes

			CONF;
		$this->assertSame(['/mnt/backup' => true], self::writable($conf));
	}

	public function testASectionContinuedLaterIsOneShare(): void {
		$this->assertSame(['/mnt/backup' => true, '/srv/o' => false], self::writable("[backup]\npath = /mnt/backup\n[other]\npath = /srv/o\n[BACKUP]\nread only = no\n"));
	}
}
