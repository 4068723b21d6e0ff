<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive\Exports;

use OCA\Mirror\Drive\Exports\Export;
use OCA\Mirror\Drive\Exports\NfsExports;
use PHPUnit\Framework\TestCase;

/**
 * /etc/exports as Linux nfs-utils reads it (exports(5)).
 */
class NfsExportsTest extends TestCase {
	/**
	 * @return array<string, array{path: string, writable: bool, entry: string, fix: string}>
	 */
	private static function parsed(string $content): array {
		$all = [];
		foreach (NfsExports::parse($content, '/etc/exports') as $export) {
			$all[$export->path] = ['path' => $export->path, 'writable' => $export->writable, 'entry' => $export->entry, 'fix' => $export->fix];
		}
		return $all;
	}

	public function testReadOnlyIsTheDefaultAndRwMakesAWriter(): void {
		$all = self::parsed("/srv/default 192.168.1.0/24\n/srv/sync 192.168.1.0/24(sync,no_subtree_check)\n/srv/ro 192.168.1.0/24(ro,sync)\n"
			. "/mnt/backup 192.168.1.0/24(rw,sync,no_subtree_check)\n/srv/alone\n");
		$this->assertSame(['/srv/default' => false, '/srv/sync' => false, '/srv/ro' => false, '/mnt/backup' => true, '/srv/alone' => false],
			array_map(static fn (array $e): bool => $e['writable'], $all));
		$this->assertSame('/mnt/backup 192.168.1.0/24(rw,sync,no_subtree_check)', $all['/mnt/backup']['entry']);
		$this->assertSame('/mnt/backup 192.168.1.0/24(ro,sync,no_subtree_check)', $all['/mnt/backup']['fix'], 'the one-line fix');
	}

	public function testOneWritableClientOfSeveralIsEnough(): void {
		$all = self::parsed("/mnt/backup 10.0.0.2(ro) laptop.home(rw) 10.0.0.3\n/srv/two 10.0.0.2(ro) 10.0.0.3(ro,rw)\n/srv/back 10.0.0.2(rw,ro)\n");
		$this->assertTrue($all['/mnt/backup']['writable']);
		$this->assertSame('/mnt/backup 10.0.0.2(ro) laptop.home(ro) 10.0.0.3', $all['/mnt/backup']['fix']);
		$this->assertTrue($all['/srv/two']['writable'], 'the last of ro and rw wins');
		$this->assertFalse($all['/srv/back']['writable']);
	}

	public function testDefaultOptionsApplyToClientsWithout(): void {
		$all = self::parsed("/mnt/backup -rw,sync host1 host2(ro)\n/srv/x -ro host1(rw)\n/srv/y -rw host1(ro)\n");
		$this->assertTrue($all['/mnt/backup']['writable'], 'host1 gets the defaults: rw');
		$this->assertSame('/mnt/backup -ro,sync host1 host2(ro)', $all['/mnt/backup']['fix']);
		$this->assertTrue($all['/srv/x']['writable']);
		$this->assertFalse($all['/srv/y']['writable']);
	}

	public function testASpaceBeforeTheOptionsExportsToEveryone(): void {
		// exports(5): "host (rw)" is host with the defaults, and rw for the world
		$all = self::parsed("/mnt/backup 192.168.1.10 (rw)\n");
		$this->assertTrue($all['/mnt/backup']['writable']);
	}

	public function testCommentsContinuationsQuotesAndEscapes(): void {
		$content = <<<'EXPORTS'
			# /mnt/commented 10.0.0.1(rw)
			   # indented comment
			/mnt/backup 10.0.0.1(ro) \
			    10.0.0.2(rw)   # the laptop (rw)
			"/mnt/my drive" 10.0.0.1(rw)
			/mnt/other\040drive 10.0.0.1(rw)
			/srv/hash 10.0.0.1(ro) # 10.0.0.2(rw)

			EXPORTS;
		$all = self::parsed($content);
		$this->assertSame(['/mnt/backup', '/mnt/my drive', '/mnt/other drive', '/srv/hash'], array_keys($all));
		$this->assertTrue($all['/mnt/backup']['writable'], 'the continued line\'s client');
		$this->assertSame('/mnt/backup 10.0.0.1(ro) 10.0.0.2(rw)', $all['/mnt/backup']['entry']);
		$this->assertTrue($all['/mnt/my drive']['writable']);
		$this->assertSame('"/mnt/my drive" 10.0.0.1(ro)', $all['/mnt/my drive']['fix']);
		$this->assertTrue($all['/mnt/other drive']['writable']);
		$this->assertFalse($all['/srv/hash']['writable'], 'a comment after the line is no client');
	}

	public function testWhatIsNotAnExportLineIsIgnored(): void {
		$this->assertSame([], self::parsed("\n\n   \nnot-a-path host(rw)\n"));
		$exports = NfsExports::parse("/a h(rw)\n", '/etc/exports.d/x.exports');
		$this->assertSame([Export::NFS, '/etc/exports.d/x.exports'], [$exports[0]->kind, $exports[0]->file]);
	}

	public function testOptionsIgnoreCase(): void {
		$this->assertTrue(self::parsed("/mnt/backup *(RW,Sync)\n")['/mnt/backup']['writable']);
	}
}
