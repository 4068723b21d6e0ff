<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive\Exports;

use OCA\Mirror\Drive\Exports\Export;
use OCA\Mirror\Drive\Exports\WritableExports;
use PHPUnit\Framework\TestCase;

/**
 * A target is at risk when its folder, a folder above it or one inside it is exported read-write,
 * compared on real paths; the configuration files are read from a folder of the test's own.
 */
class WritableExportsTest extends TestCase {
	private string $base;
	private string $etc;
	private string $target;

	protected function setUp(): void {
		$this->base = sys_get_temp_dir() . '/mirror-exports-' . bin2hex(random_bytes(4));
		$this->etc = $this->base . '/etc';
		$this->target = $this->base . '/mnt/backup';
		mkdir($this->etc . '/exports.d', 0755, true);
		mkdir($this->etc . '/samba', 0755, true);
		mkdir($this->target . '/alice', 0755, true);
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->base));
	}

	/**
	 * @return list<string> what over() found: kind and entry
	 */
	private function found(?string $target = null): array {
		return array_map(static fn (Export $e): string => $e->kind . ' ' . $e->entry, (new WritableExports($this->etc))->over($target ?? $this->target));
	}

	public function testNothingConfiguredIsNoRisk(): void {
		$this->assertSame([], (new WritableExports($this->base . '/nowhere'))->over($this->target));
		$this->assertSame([], $this->found());
	}

	public function testTheTargetItsParentsAndItsInsideCountOthersNot(): void {
		$mnt = $this->base . '/mnt';
		file_put_contents($this->etc . '/exports', implode("\n", [
			$this->target . ' 10.0.0.1(rw)',
			$mnt . ' 10.0.0.2(rw)',
			$this->target . '/alice 10.0.0.3(rw)',
			$this->target . '-old 10.0.0.4(rw)', // a sibling whose name starts the same
			$this->base . '/srv 10.0.0.5(rw)',
			$this->target . ' 10.0.0.6(ro)',
		]) . "\n");
		$this->assertSame([
			'nfs ' . $this->target . ' 10.0.0.1(rw)',
			'nfs ' . $mnt . ' 10.0.0.2(rw)',
			'nfs ' . $this->target . '/alice 10.0.0.3(rw)',
		], $this->found());
	}

	public function testTheWholeFilesystemExportedCoversEveryTarget(): void {
		file_put_contents($this->etc . '/exports', "/ *(rw,no_root_squash)\n");
		$this->assertSame(['nfs / *(rw,no_root_squash)'], $this->found());
	}

	public function testExportsDAndSambaAreReadToo(): void {
		file_put_contents($this->etc . '/exports.d/backup.exports', $this->target . " 10.0.0.1(rw)\n");
		file_put_contents($this->etc . '/exports.d/ignored.conf', $this->target . " 10.0.0.9(rw)\n"); // not *.exports: exportfs skips it
		file_put_contents($this->etc . '/samba/smb.conf', "[backup]\npath = " . $this->target . "\nread only = no\n[ro]\npath = " . $this->target . "\n");
		$this->assertSame(['nfs ' . $this->target . ' 10.0.0.1(rw)', 'samba [backup] path = ' . $this->target], $this->found());
	}

	public function testPathsAreComparedAsTheFoldersTheyLeadTo(): void {
		symlink($this->target, $this->base . '/link-to-backup');
		file_put_contents($this->etc . '/exports', $this->base . "/link-to-backup 10.0.0.1(rw)\n");
		$this->assertCount(1, $this->found(), 'an export through a link');
		file_put_contents($this->etc . '/exports', $this->target . "/ 10.0.0.1(rw)\n");
		$this->assertCount(1, $this->found($this->base . '/link-to-backup'), 'a target through a link, an export with a trailing slash');
	}
}
