<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Manifest;
use PHPUnit\Framework\TestCase;

class ManifestTest extends TestCase {
	use DriveFixture;

	protected function setUp(): void {
		$this->setUpFolders();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	public function testSha256sumChecksWhatIsWritten(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/alice/Photos', 0755, true);
		$files = ['Photos/a.jpg' => 'pixels', 'two  spaces.txt' => 'x', "odd\\name.txt" => 'y'];
		$entries = [];
		foreach ($files as $path => $bytes) {
			file_put_contents($this->root . '/alice/' . $path, $bytes);
			$entries[] = ['path' => $path, 'sha256' => hash('sha256', $bytes), 'size' => strlen($bytes), 'mtime' => 1];
		}
		$this->assertSame(3, $drive->writeManifest('alice', $entries));
		exec('cd ' . escapeshellarg($this->root . '/alice') . ' && sha256sum -c ' . escapeshellarg($this->root . '/' . Manifest::DIR . '/alice.sha256') . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, implode("\n", $out));
		$this->assertSame(['Photos/a.jpg', 'two  spaces.txt', "odd\\name.txt"], array_keys($drive->readManifest('alice') ?? []));
		$this->assertSame([], glob($this->root . '/' . Manifest::DIR . '/.mirror-*.part'), 'no temporary file left');
	}

	public function testAFileNamedLikeANumberIsListed(): void {
		$drive = $this->onlineDrive();
		$entries = [];
		foreach (['2024' => 'a year', '7' => 'seven', '2024/a.jpg' => 'pixels'] as $path => $bytes) {
			$entries[] = ['path' => (string)$path, 'sha256' => hash('sha256', $bytes), 'size' => strlen($bytes), 'mtime' => 1];
		}
		$this->assertSame(3, $drive->writeManifest('alice', $entries));
		$read = $drive->readManifest('alice') ?? [];
		$this->assertSame(['2024', '7', '2024/a.jpg'], array_map(strval(...), array_keys($read)), 'JSON keys PHP makes ints are files too');
		$this->assertSame(hash('sha256', 'a year'), $read['2024']['sha256'] ?? null);
	}

	public function testAnIndexWrittenByAStrangerIsReadEntryByEntry(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		file_put_contents($this->root . '/' . Manifest::DIR . '/alice.json', json_encode([
			'ok.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32)],
			'../../etc/passwd' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32)],
			'bad-hash.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => 'nope'],
			'no-size.txt' => ['mtime' => 2, 'sha256' => str_repeat('ab', 32)],
		]));
		$this->assertSame(['ok.txt'], array_keys($drive->readManifest('alice') ?? []));
	}

	public function testAManifestThatIsALinkIsNeitherReadNorFollowed(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		file_put_contents($this->outside . '/alice.json', json_encode(['x.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32)]]));
		symlink($this->outside . '/alice.json', $this->root . '/' . Manifest::DIR . '/alice.json');
		$this->assertNull($drive->readManifest('alice'));
		$this->assertUnsafe(fn () => $drive->writeManifest('alice', []), 'writing over a link');
		$this->assertSame('x.txt', array_key_first(json_decode((string)file_get_contents($this->outside . '/alice.json'), true)), 'the file it points to is untouched');
	}
}
