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
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Exception\DamagedManifestException;
use OCA\Mirror\Restore\RestoreMessages;
use OCA\Mirror\Status\TargetStateMessages;
use OCP\IL10N;
use PHPUnit\Framework\TestCase;

class ManifestTest extends TestCase {
	use DriveFixture;

	private const CAP = 1024 * 1024;
	private RecoveryKey $key;

	protected function setUp(): void {
		$this->setUpFolders();
		$this->key = RecoveryKey::fromBytes(str_repeat("\x42", 32));
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	private function read(Drive $drive, string $user = 'alice', ?RecoveryKey $key = null, int $cap = self::CAP): ?ManifestReading {
		return $drive->readManifest($user, $key ?? $this->key, $cap);
	}

	/**
	 * @return array<string, array{size: int, mtime: int, sha256: string, drivePath: string|null}>
	 */
	private static function entries(?ManifestReading $reading): array {
		return $reading === null ? [] : iterator_to_array($reading->entries());
	}

	/**
	 * @param array<string, string> $files path => bytes
	 */
	private function written(Drive $drive, array $files, string $user = 'alice'): void {
		$entries = [];
		foreach ($files as $path => $bytes) {
			$entries[] = ['path' => (string)$path, 'sha256' => hash('sha256', $bytes), 'size' => strlen($bytes), 'mtime' => 1];
		}
		$this->assertSame(count($files), $drive->writeManifest($user, $entries, $this->key));
	}

	private function index(string $user = 'alice'): string {
		return $this->root . '/' . Manifest::DIR . '/' . $user . '.json';
	}

	public function testSha256sumChecksWhatIsWrittenAndTheIndexIsSignedJson(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/alice/Photos', 0755, true);
		$files = ['Photos/a.jpg' => 'pixels', 'two  spaces.txt' => 'x', "odd\\name.txt" => 'y'];
		foreach ($files as $path => $bytes) {
			file_put_contents($this->root . '/alice/' . $path, $bytes);
		}
		$this->written($drive, $files);
		exec('cd ' . escapeshellarg($this->root . '/alice') . ' && sha256sum -c ' . escapeshellarg($this->root . '/' . Manifest::DIR . '/alice.sha256') . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, implode("\n", $out));
		$reading = $this->read($drive);
		$this->assertNotNull($reading);
		$this->assertTrue($reading->verified(), (string)$reading->why);
		$this->assertSame(['Photos/a.jpg', 'two  spaces.txt', "odd\\name.txt"], array_keys(self::entries($reading)));
		$this->assertSame([], glob($this->root . '/' . Manifest::DIR . '/.mirror-*.part'), 'no temporary file left');
		// one JSON object for jq: the header and the signature are members no file can be
		$json = json_decode((string)file_get_contents($this->index()), true, 512, JSON_THROW_ON_ERROR);
		$this->assertSame(['manifest' => 'mirror', 'version' => 2, 'user' => 'alice'], $json['']);
		$this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/', $json['..']['hmac-sha256']);
		$this->assertSame(5, count($json));
		$this->assertStringNotContainsString($this->key->toString(), (string)file_get_contents($this->index()));
		$this->assertStringNotContainsString(bin2hex($this->key->bytes()), (string)file_get_contents($this->index()));
	}

	public function testAFileNamedLikeANumberIsListed(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, ['2024' => 'a year', '7' => 'seven', '2024/a.jpg' => 'pixels']);
		$read = self::entries($this->read($drive));
		$this->assertSame(['2024', '7', '2024/a.jpg'], array_map(strval(...), array_keys($read)), 'JSON keys PHP makes ints are files too');
		$this->assertSame(hash('sha256', 'a year'), $read['2024']['sha256'] ?? null);
	}

	public function testAnEntryPlantedInASignedManifestBreaksItsSignature(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, ['a.txt' => 'a']);
		$lines = file($this->index());
		array_splice($lines, 2, 0, ['"Planted/evil.txt":{"size":4,"mtime":1,"sha256":"' . hash('sha256', 'evil') . '"},' . "\n"]);
		file_put_contents($this->index(), implode('', $lines));
		$reading = $this->read($drive);
		$this->assertSame(ManifestReading::MISMATCH, $reading?->why);
		$this->assertSame(['a.txt', 'Planted/evil.txt'], array_keys(self::entries($reading)), 'listed, but not verified');
	}

	public function testAnEntryChangedOrRemovedBreaksTheSignature(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, ['a.txt' => 'a', 'b.txt' => 'b']);
		$signed = (string)file_get_contents($this->index());
		file_put_contents($this->index(), str_replace(hash('sha256', 'b'), hash('sha256', 'B'), $signed));
		$this->assertSame(ManifestReading::MISMATCH, $this->read($drive)?->why, 'a changed sha256');
		$lines = explode("\n", $signed);
		unset($lines[1]);
		file_put_contents($this->index(), implode("\n", $lines));
		$this->assertSame(ManifestReading::MISMATCH, $this->read($drive)?->why, 'a line taken out');
		file_put_contents($this->index(), $signed);
		$this->assertNull($this->read($drive)?->why, 'the signed bytes as written');
	}

	public function testAnotherKeyDoesNotVerifyIt(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, ['a.txt' => 'a']);
		$this->assertSame(ManifestReading::MISMATCH, $this->read($drive, 'alice', RecoveryKey::fromBytes(str_repeat("\x43", 32)))?->why);
	}

	public function testBobsSignedManifestIsNotValidForAlice(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, ['Music/song.mp3' => 'song'], 'bob');
		$this->assertNull($this->read($drive, 'bob')?->why, 'valid for bob');
		copy($this->index('bob'), $this->index('alice'));
		$this->assertSame(ManifestReading::OTHER_USER, $this->read($drive)?->why, 'as it is: it says whose it is');
		file_put_contents($this->index('alice'), str_replace('"user":"bob"', '"user":"alice"', (string)file_get_contents($this->index('bob'))));
		$this->assertSame(ManifestReading::MISMATCH, $this->read($drive)?->why, 'its header changed to alice: the signature binds the user');
	}

	public function testLinesAfterTheSignatureAreNotVerified(): void {
		$drive = $this->onlineDrive();
		$this->written($drive, ['a.txt' => 'a']);
		$signed = substr((string)file_get_contents($this->index()), 0, -strlen("\n}\n"));
		file_put_contents($this->index(), $signed . ",\n\"evil.txt\":{\"size\":4,\"mtime\":1,\"sha256\":\"" . hash('sha256', 'evil') . "\"}\n}\n");
		$this->assertSame(ManifestReading::MISMATCH, $this->read($drive)?->why);
	}

	public function testAnOldUnsignedManifestIsReadEntryByEntryAndNotVerified(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		file_put_contents($this->index(), self::version1([
			'ok.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32)],
			'../../etc/passwd' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32)],
			'bad-hash.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => 'nope'],
			'no-size.txt' => ['mtime' => 2, 'sha256' => str_repeat('ab', 32)],
			'' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32)],
		]));
		$reading = $this->read($drive);
		$this->assertSame(ManifestReading::UNSIGNED, $reading?->why);
		$this->assertSame(['ok.txt'], array_keys(self::entries($reading)));
		$this->assertSame(4, $reading->malformed);
	}

	public function testAManifestThatIsALinkIsNeitherReadNorFollowed(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		file_put_contents($this->outside . '/alice.json', self::version1(['x.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32)]]));
		symlink($this->outside . '/alice.json', $this->index());
		$this->assertNull($this->read($drive));
		$this->assertFalse($drive->hasManifest('alice'));
		$this->assertUnsafe(fn () => $drive->writeManifest('alice', [], $this->key), 'writing over a link');
		$this->assertStringContainsString('x.txt', (string)file_get_contents($this->outside . '/alice.json'), 'the file it points to is untouched');
	}

	public function testAManifestLargerThanTheCapIsRefusedBeforeItIsRead(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		$handle = fopen($this->index(), 'wb');
		ftruncate($handle, 1024 * 1024 * 1024); // 1 GiB, sparse
		fclose($handle);
		$this->assertTrue($drive->hasManifest('alice'));
		$memory = memory_get_usage();
		$started = microtime(true);
		$this->assertDamaged(DamagedManifestException::TOO_BIG, fn () => $this->read($drive));
		$this->assertLessThan(1.0, microtime(true) - $started);
		$this->assertLessThan(1024 * 1024, memory_get_usage() - $memory);
		// the cap is the limit: a manifest of exactly that size is read
		$this->written($drive, ['a.txt' => 'a']);
		$size = (int)filesize($this->index());
		$this->assertTrue($this->read($drive, 'alice', null, $size)?->verified());
		$this->assertDamaged(DamagedManifestException::TOO_BIG, fn () => $this->read($drive, 'alice', null, $size - 1));
	}

	public function testALineLongerThanAnEntryCanBeIsDamage(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		// a whole index on one line, as json_encode() writes it: not what Mirror writes
		$entries = [];
		for ($i = 0; $i < 1000; $i++) {
			$entries['file-' . $i . '.txt'] = ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32)];
		}
		file_put_contents($this->index(), json_encode($entries));
		$this->assertDamaged(DamagedManifestException::LONG_LINE, fn () => $this->read($drive));
	}

	public function testMoreThanAHundredLinesThatAreNotEntriesIsDamage(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		$good = '"ok.txt":{"size":1,"mtime":2,"sha256":"' . str_repeat('ab', 32) . '"},' . "\n";
		file_put_contents($this->index(), "{\n" . $good . str_repeat("garbage,\n", Manifest::MAX_MALFORMED) . "}\n");
		$reading = $this->read($drive);
		$this->assertSame([Manifest::MAX_MALFORMED, ['ok.txt']], [$reading?->malformed, array_keys(self::entries($reading))], 'a hundred: read');
		file_put_contents($this->index(), "{\n" . $good . str_repeat("garbage,\n", Manifest::MAX_MALFORMED + 1) . str_repeat($good, 100_000) . "}\n");
		$this->assertDamaged(DamagedManifestException::MALFORMED, fn () => $this->read($drive, 'alice', null, 64 * 1024 * 1024));
	}

	public function testTheEntriesComeFromTheCopyThatWasVerifiedOneAtATime(): void {
		$drive = $this->onlineDrive();
		$files = [];
		for ($i = 0; $i < 20_000; $i++) {
			$files['Photos/' . $i . '.jpg'] = (string)$i;
		}
		$this->written($drive, $files);
		$reading = $this->read($drive, 'alice', null, 20 * 1024 * 1024);
		$this->assertTrue($reading?->verified());
		// the drive's file changes after it was verified: what is served is what was verified
		file_put_contents($this->index(), self::version1(['Planted/evil.txt' => ['size' => 4, 'mtime' => 1, 'sha256' => hash('sha256', 'evil')]]));
		$entries = $reading->entries();
		$this->assertInstanceOf(\Generator::class, $entries);
		$memory = memory_get_usage();
		$count = 0;
		foreach ($entries as $path => $entry) {
			$this->assertSame('Photos/' . $count . '.jpg', $path);
			$this->assertSame(hash('sha256', (string)$count), $entry['sha256']);
			$count++;
		}
		$this->assertSame([20_000, 20_000], [$count, $reading->count]);
		$this->assertLessThan(2 * 1024 * 1024, memory_get_usage() - $memory, 'not held whole in memory');
		$this->assertSame(20_000, iterator_count($reading->entries()), 'read again from the start');
	}

	private function assertDamaged(string $reason, callable $read): void {
		try {
			$read();
			$this->fail('a damaged manifest was read');
		} catch (DamagedManifestException $e) {
			$this->assertSame($reason, $e->reason, $e->getMessage());
			$l = $this->createMock(IL10N::class);
			$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
			$this->assertSame($e->getMessage(), (new RestoreMessages($l, new TargetStateMessages($l)))->damaged($e), 'the catalogue words it as the log does');
		}
	}

	/**
	 * A manifest as Mirror 1 wrote it: one entry per line, no header, no signature.
	 *
	 * @param array<string, mixed> $entries
	 */
	private static function version1(array $entries): string {
		$lines = [];
		foreach ($entries as $path => $entry) {
			$lines[] = json_encode((string)$path, JSON_UNESCAPED_SLASHES) . ':' . json_encode($entry, JSON_UNESCAPED_SLASHES);
		}
		return "{\n" . implode(",\n", $lines) . "\n}\n";
	}
}
