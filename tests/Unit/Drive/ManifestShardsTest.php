<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\Manifest;
use OCA\Mirror\Drive\ManifestReading;
use OCA\Mirror\Drive\ManifestShards;
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Exception\DamagedManifestException;
use PHPUnit\Framework\TestCase;

/**
 * A manifest in shards (format 3): written whole or shard by shard, read back, and every way a stranger with
 * the drive could pass off a shard as something it is not.
 */
class ManifestShardsTest extends TestCase {
	use DriveFixture;

	private const CAP = 1024 * 1024;
	/** file ids per shard in these tests: ids 1–9 are shard 0, 10–19 shard 1, … */
	private const WIDTH = 10;
	private RecoveryKey $key;

	protected function setUp(): void {
		$this->setUpFolders();
		$this->key = RecoveryKey::fromBytes(str_repeat("\x42", 32));
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	/**
	 * @param array<int, string> $files file id => path (its bytes: the path)
	 * @return list<array{fileId: int, path: string, sha256: string, size: int, mtime: int}>
	 */
	private static function records(array $files): array {
		ksort($files);
		$records = [];
		foreach ($files as $fileId => $path) {
			$records[] = ['fileId' => $fileId, 'path' => $path, 'sha256' => hash('sha256', $path), 'size' => strlen($path), 'mtime' => 1];
		}
		return $records;
	}

	/**
	 * @param array<int, string> $files
	 * @param array<int, array{file: string, hmac: string, entries: int}> $kept
	 */
	private function written(Drive $drive, array $files, array $kept = [], string $user = 'alice'): int {
		foreach ($files as $path) {
			$file = $this->root . '/' . $user . '/' . $path;
			@mkdir(dirname($file), 0755, true);
			file_put_contents($file, $path);
		}
		return $drive->writeManifestShards($user, self::WIDTH, self::records($files), $kept, $this->key);
	}

	private function read(Drive $drive, string $user = 'alice', int $cap = self::CAP): ?ManifestReading {
		return $drive->readManifest($user, $this->key, $cap);
	}

	/**
	 * @return array{width: int, shards: array<int, array{file: string, hmac: string, entries: int}>, missing: list<int>}
	 */
	private function listing(Drive $drive, string $user = 'alice'): array {
		$listing = $drive->manifestShards($user, $this->key, self::CAP);
		$this->assertNotNull($listing, 'a verified root of format 3');
		return $listing;
	}

	private function shardFile(Drive $drive, int $id, string $user = 'alice'): string {
		return $this->shardsDir($user) . '/' . $this->listing($drive, $user)['shards'][$id]['file'];
	}

	private function shardsDir(string $user = 'alice'): string {
		return $this->root . '/' . Manifest::DIR . '/' . $user . ManifestShards::SUFFIX;
	}

	/**
	 * @return list<string>
	 */
	private static function paths(?ManifestReading $reading): array {
		return $reading === null ? [] : array_map(strval(...), array_keys(iterator_to_array($reading->entries())));
	}

	public function testShardsAreReadBackVerifiedAndEachChecksWithSha256sum(): void {
		$drive = $this->onlineDrive();
		$this->assertSame(4, $this->written($drive, [3 => 'a.txt', 12 => 'Photos/b.jpg', 15 => 'c d.txt', 41 => 'e.txt']));
		$reading = $this->read($drive);
		$this->assertNotNull($reading);
		$this->assertNull($reading->why);
		$this->assertSame(4, $reading->count);
		$this->assertSame(['a.txt', 'Photos/b.jpg', 'c d.txt', 'e.txt'], self::paths($reading));
		$listing = $this->listing($drive);
		$this->assertSame(self::WIDTH, $listing['width']);
		$this->assertSame([0, 1, 4], array_keys($listing['shards']));
		$this->assertSame([1, 2, 1], array_column($listing['shards'], 'entries'));
		$this->assertSame([], $listing['missing']);
		// people check the copy with every shard's list at once
		exec('cd ' . escapeshellarg($this->root . '/alice') . ' && cat ' . escapeshellarg($this->shardsDir()) . '/*.sha256 | sha256sum -c - 2>&1', $out, $rc);
		$this->assertSame(0, $rc, implode("\n", $out));
		$this->assertCount(4, $out);
		$root = json_decode((string)file_get_contents($this->root . '/' . Manifest::DIR . '/alice.json'), true, 512, JSON_THROW_ON_ERROR);
		$this->assertSame(['manifest' => 'mirror', 'version' => 3, 'user' => 'alice', 'width' => self::WIDTH], $root['']);
		$this->assertSame([], glob($this->shardsDir() . '/.mirror-*.part'), 'no temporary file left');
	}

	public function testARunRewritesOnlyItsShardsAndRemovesWhatTheRootNoLongerLists(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, [3 => 'a.txt', 12 => 'b.txt', 41 => 'e.txt']);
		$before = $this->listing($drive)['shards'];
		$untouched = stat($this->shardsDir() . '/' . $before[0]['file']);
		// shard 1 gets a file, shard 4 loses its only one
		$kept = array_diff_key($before, [1 => true, 4 => true]);
		$this->assertSame(3, $drive->writeManifestShards('alice', self::WIDTH, self::records([12 => 'b.txt', 13 => 'new.txt']), $kept, $this->key));
		$after = $this->listing($drive)['shards'];
		$this->assertSame([0, 1], array_keys($after));
		$this->assertSame($before[0], $after[0], 'shard 0 listed as it was');
		$this->assertSame($untouched['ino'], stat($this->shardsDir() . '/' . $after[0]['file'])['ino'], 'and not written again');
		$this->assertNotSame($before[1]['file'], $after[1]['file']);
		$this->assertSame(['0-' . substr($after[0]['hmac'], 0, 16) . '.json', '0.sha256', '1-' . substr($after[1]['hmac'], 0, 16) . '.json', '1.sha256'],
			array_values(array_diff(scandir($this->shardsDir()), ['.', '..'])), 'the old shard 1 and shard 4 are gone');
		$reading = $this->read($drive);
		$this->assertNull($reading?->why);
		$this->assertSame(['a.txt', 'b.txt', 'new.txt'], self::paths($reading));
	}

	public function testAShardCopiedUnderAnotherNumberIsNotVouchedFor(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, [3 => 'a.txt', 12 => 'b.txt']);
		copy($this->shardFile($drive, 0), $this->shardFile($drive, 1));
		$reading = $this->read($drive);
		$this->assertSame(ManifestReading::MISMATCH, $reading?->why);
		$this->assertSame(2, $reading?->count, 'listed (a.txt twice), not verified');
	}

	public function testAnotherUsersShardIsNotVouchedFor(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, [3 => 'a.txt', 12 => 'b.txt']);
		$this->written($drive, [3 => 'Music/evil.mp3', 12 => 'x.txt'], [], 'bob');
		copy($this->shardFile($drive, 0, 'bob'), $this->shardFile($drive, 0));
		$this->assertSame(ManifestReading::OTHER_USER, $this->read($drive)?->why, 'it says whose it is');
		$text = (string)file_get_contents($this->shardFile($drive, 0, 'bob'));
		file_put_contents($this->shardFile($drive, 0), str_replace('"user":"bob"', '"user":"alice"', $text));
		$this->assertSame(ManifestReading::MISMATCH, $this->read($drive)?->why, 'its header changed: the signature binds the user');
	}

	public function testAStaleShardPutBackIsNotVouchedFor(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, [3 => 'a.txt', 12 => 'b.txt']);
		$stale = (string)file_get_contents($this->shardFile($drive, 1));
		$kept = array_diff_key($this->listing($drive)['shards'], [1 => true]);
		$drive->writeManifestShards('alice', self::WIDTH, self::records([12 => 'b.txt', 13 => 'c.txt']), $kept, $this->key);
		$this->assertNull($this->read($drive)?->why);
		// the earlier shard 1, validly signed, under the name the root lists now
		file_put_contents($this->shardFile($drive, 1), $stale);
		$reading = $this->read($drive);
		$this->assertSame(ManifestReading::MISMATCH, $reading?->why, 'its HMAC is not the one the root lists');
		$this->assertSame(['a.txt', 'b.txt'], self::paths($reading));
	}

	public function testARootThatLiesAboutItsShardsIsNotVouchedFor(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, [3 => 'a.txt', 12 => 'b.txt']);
		$rootFile = $this->root . '/' . Manifest::DIR . '/alice.json';
		$signed = (string)file_get_contents($rootFile);
		// a shard left out of the list
		file_put_contents($rootFile, preg_replace('/^"1":.*\n/m', '', $signed));
		$reading = $this->read($drive);
		$this->assertSame(ManifestReading::MISMATCH, $reading?->why);
		$this->assertSame(['a.txt'], self::paths($reading));
		// a count or a width changed
		file_put_contents($rootFile, str_replace('"entries":1', '"entries":7', $signed));
		$this->assertSame(ManifestReading::MISMATCH, $this->read($drive)?->why);
		file_put_contents($rootFile, str_replace('"width":10', '"width":20', $signed));
		$this->assertSame(ManifestReading::MISMATCH, $this->read($drive)?->why);
		$this->assertNull($drive->manifestShards('alice', $this->key, self::CAP), 'a writer does not build on it: the manifest is written whole');
		// a shard file the root does not list is not read at all
		file_put_contents($rootFile, $signed);
		file_put_contents($this->shardsDir() . '/2-0123456789abcdef.json', (string)file_get_contents($this->shardFile($drive, 1)));
		$reading = $this->read($drive);
		$this->assertNull($reading?->why);
		$this->assertSame(['a.txt', 'b.txt'], self::paths($reading));
	}

	public function testAMissingShardLeavesItsFilesUnvouchedAndIsWrittenAgain(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, [3 => 'a.txt', 12 => 'b.txt']);
		unlink($this->shardFile($drive, 1));
		$reading = $this->read($drive);
		$this->assertSame(ManifestReading::MISMATCH, $reading?->why);
		$this->assertSame(['a.txt'], self::paths($reading), 'the other shards still listed');
		$this->assertSame([1], $this->listing($drive)['missing'], 'the writer knows which one to write again');
	}

	public function testTheBoundsHoldForTheRootAndEveryShardTogether(): void {
		$drive = $this->onlineDrive();
		$files = [];
		for ($i = 1; $i < 60; $i++) {
			$files[$i] = sprintf('Folder/file-%03d.txt', $i);
		}
		$this->written($drive, $files);
		$total = 0;
		foreach (glob($this->shardsDir() . '/*.json') ?: [] as $file) {
			$total += (int)filesize($file);
		}
		$rootSize = (int)filesize($this->root . '/' . Manifest::DIR . '/alice.json');
		$this->assertSame(59, $this->read($drive, 'alice', $rootSize + $total)?->count);
		try {
			$this->read($drive, 'alice', $rootSize + $total - 1);
			$this->fail('read past its bounds');
		} catch (DamagedManifestException $e) {
			$this->assertSame(DamagedManifestException::TOO_BIG, $e->reason);
		}
	}

	public function testARootListingMoreShardsThanAnyManifestHasIsDamage(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, [3 => 'a.txt']);
		$hmac = str_repeat('ab', 32);
		$lines = ['{"":{"manifest":"mirror","version":3,"user":"alice","width":10},'];
		for ($i = 0; $i <= ManifestShards::MAX_SHARDS; $i++) {
			$lines[] = sprintf('"%d":{"file":"%d-%s.json","hmac":"%s","entries":1},', $i, $i, substr($hmac, 0, 16), $hmac);
		}
		file_put_contents($this->root . '/' . Manifest::DIR . '/alice.json', implode("\n", $lines) . "\n\"..\":{\"hmac-sha256\":\"00\"}\n}\n");
		try {
			$this->read($drive, 'alice', 64 * self::CAP);
			$this->fail('a root of ' . (ManifestShards::MAX_SHARDS + 1) . ' shards was read');
		} catch (DamagedManifestException $e) {
			$this->assertSame(DamagedManifestException::TOO_MANY_SHARDS, $e->reason);
		}
		$this->assertNull($drive->manifestShards('alice', $this->key, 64 * self::CAP), 'a writer writes it whole');
	}

	public function testAFormat2ManifestIsNotBuiltOnAndWritingOneRemovesTheShards(): void {
		$drive = $this->onlineDrive();
		$drive->writeManifest('alice', [['path' => 'a.txt', 'sha256' => hash('sha256', 'a'), 'size' => 1, 'mtime' => 1]], $this->key);
		$this->assertNull($drive->manifestShards('alice', $this->key, self::CAP));
		$this->written($drive, [3 => 'a.txt', 12 => 'b.txt']);
		$this->assertFileDoesNotExist($this->root . '/' . Manifest::DIR . '/alice.sha256', 'format 2\'s list for people is replaced by the shards\'');
		$drive->writeManifest('alice', [['path' => 'a.txt', 'sha256' => hash('sha256', 'a.txt'), 'size' => 5, 'mtime' => 1]], $this->key);
		$this->assertDirectoryDoesNotExist($this->shardsDir());
		$this->assertSame(['a.txt'], self::paths($this->read($drive)));
		$this->assertTrue($drive->hasManifest('alice'));
	}
}
