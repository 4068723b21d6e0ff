<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive\Fd;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\Fd\FdCalls;
use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Exception\UnsafePathException;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * The race-free calls on a real folder: a link at any level is refused and never followed, a
 * new file is created exclusively, a rename never replaces, a removal never follows a link.
 */
class FdCallsTest extends TestCase {
	private string $base;
	private string $root;
	private string $outside;
	private Libc $libc;
	private IoCall $io;

	protected function setUp(): void {
		$libc = Libc::load();
		if ($libc === null) {
			$this->markTestSkipped('no FFI here: ' . Libc::reason());
		}
		$this->libc = $libc;
		$this->io = new IoCall();
		$this->base = (string)realpath(sys_get_temp_dir()) . '/mirror-fd-' . bin2hex(random_bytes(4));
		$this->root = $this->base . '/root';
		$this->outside = $this->base . '/outside';
		mkdir($this->root . '/alice/Photos/2026', 0755, true);
		mkdir($this->outside . '/Photos/2026', 0755, true);
		file_put_contents($this->root . '/' . Drive::MARKER, '{}');
		foreach (['', '/Photos', '/Photos/2026'] as $level) {
			file_put_contents($this->outside . $level . '/a.jpg', 'outside ' . $level);
			touch($this->outside . $level . '/a.jpg', 1_000_000);
		}
	}

	protected function tearDown(): void {
		if (isset($this->base)) {
			exec('rm -rf ' . escapeshellarg($this->base));
		}
	}

	private function calls(?array $identity = null): FdCalls {
		return new FdCalls($this->root, $this->libc, static fn (): ?array => $identity);
	}

	/** @return array<string, string> type, content, mode and mtime of everything outside */
	private function outsideNow(): array {
		clearstatcache();
		$out = [];
		$it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($this->outside, \FilesystemIterator::SKIP_DOTS), \RecursiveIteratorIterator::SELF_FIRST);
		foreach ($it as $path => $info) {
			$stat = lstat((string)$path);
			$out[(string)$path] = (is_dir((string)$path) ? 'dir' : hash_file('sha256', (string)$path)) . ' ' . decoct($stat['mode']) . ' ' . $stat['mtime'];
		}
		ksort($out);
		return $out;
	}

	/**
	 * @return array<string, array{0: string}>
	 */
	public static function levels(): array {
		return [
			'the user folder' => ['alice'],
			'a subfolder' => ['alice/Photos'],
			'a folder below it' => ['alice/Photos/2026'],
		];
	}

	/**
	 * Each call with a link where a folder was: refused with the link named, nothing outside changes.
	 */
	#[DataProvider('levels')]
	public function testALinkAtAnyLevelIsRefusedForEveryCall(string $level): void {
		$linked = $this->root . '/' . $level;
		rename($linked, $linked . '.aside');
		$inside = substr_count($level, '/') === 0 ? '' : substr($level, strpos($level, '/') ?: 0);
		symlink($this->outside . $inside, $linked);
		$before = $this->outsideNow();
		$calls = $this->calls();
		$file = $this->root . '/alice/Photos/2026/a.jpg';
		$atLevel = $linked . '/a.jpg';
		$operations = [
			'unlink' => fn () => $calls->unlink($atLevel),
			'rename out' => fn () => $calls->rename($atLevel, $this->root . '/taken.jpg', false),
			'rename in' => fn () => $calls->rename($this->root . '/' . Drive::MARKER, $atLevel, true),
			'link' => fn () => $calls->link($atLevel, $this->root . '/linked.jpg'),
			'chmod' => fn () => $calls->chmod($atLevel, 0600),
			'touch' => fn () => $calls->touch($atLevel, 5),
			'create' => fn () => $calls->createExclusive($linked . '/new.jpg', 0644),
			'read' => fn () => $calls->openRead($file),
			'mkdir' => fn () => $calls->mkdir($linked . '/new', 0755),
			'remove content' => fn () => $calls->removeContent($linked),
		];
		foreach ($operations as $what => $operation) {
			try {
				$this->io->attempt($operation);
				$this->fail($what . ': expected UnsafePathException');
			} catch (UnsafePathException $e) {
				$this->assertSame($linked, $e->params['path'] ?? null, $what . ': the link is named');
			}
		}
		$this->assertSame($before, $this->outsideNow(), 'nothing outside changed');
		$this->assertTrue(is_link($linked), 'the link is left as it is');
		$this->assertFileExists($this->root . '/' . Drive::MARKER);
	}

	public function testALinkAtTheLastNameIsActedOnAsTheLinkOrRefused(): void {
		$dir = $this->root . '/alice/Photos';
		symlink($this->outside . '/a.jpg', $dir . '/link.jpg');
		$before = $this->outsideNow();
		$calls = $this->calls();
		$this->assertFalse($this->io->attempt(fn () => $calls->chmod($dir . '/link.jpg', 0600)), 'chmod: no fchmod through a link');
		$this->assertTrue($this->io->attempt(fn () => $calls->touch($dir . '/link.jpg', 5)), 'touch: the link\'s own time');
		$this->assertSame(5, lstat($dir . '/link.jpg')['mtime']);
		$this->assertFalse($this->io->attempt(fn () => $calls->openRead($dir . '/link.jpg')), 'read: never through a link');
		$this->assertFalse($this->io->attempt(fn () => $calls->createExclusive($dir . '/link.jpg', 0644)), 'create: a planted link is an existing name');
		$this->assertStringContainsString('File exists', $this->io->errorFor('create_temporary', $dir)->getMessage());
		$this->assertTrue($this->io->attempt(fn () => $calls->rename($dir . '/link.jpg', $dir . '/moved.jpg', false)), 'a link moves as itself');
		$this->assertTrue($this->io->attempt(fn () => $calls->unlink($dir . '/moved.jpg')), 'and is removed as itself');
		$this->assertSame($before, $this->outsideNow());
	}

	public function testCreateIsExclusiveAndWritesThroughTheStream(): void {
		$calls = $this->calls();
		$path = $this->root . '/alice/new.part';
		$out = $this->io->attempt(fn () => $calls->createExclusive($path, 0640));
		$this->assertIsResource($out);
		fwrite($out, 'bytes');
		fclose($out);
		$this->assertSame('bytes', file_get_contents($path));
		$this->assertSame(0640 & ~umask(), fileperms($path) & 0777);
		$this->assertFalse($this->io->attempt(fn () => $calls->createExclusive($path, 0644)), 'an existing name fails');
		$this->assertSame('bytes', file_get_contents($path), 'and is left alone');
		$in = $this->io->attempt(fn () => $calls->openRead($path));
		$this->assertIsResource($in);
		$this->assertSame('bytes', stream_get_contents($in));
		fclose($in);
	}

	public function testRenameReplacesOnlyWhenAsked(): void {
		$calls = $this->calls();
		$a = $this->root . '/alice/a';
		$b = $this->root . '/alice/Photos/b';
		file_put_contents($a, 'A');
		file_put_contents($b, 'B');
		$this->assertFalse($this->io->attempt(fn () => $calls->rename($a, $b, false)));
		$error = $this->io->errorFor('rename', $b);
		$this->assertStringContainsString('File exists', $error->getMessage());
		$this->assertSame('B', file_get_contents($b), 'RENAME_NOREPLACE: nothing replaced');
		$this->assertTrue($this->io->attempt(fn () => $calls->rename($a, $b, true)));
		$this->assertSame('A', file_get_contents($b));
		$this->assertFileDoesNotExist($a);
		$this->assertFalse($this->io->attempt(fn () => $calls->rename($a, $b, true)), 'nothing to rename');
		$this->assertStringContainsString('No such file', $this->io->errorFor('rename', $b)->getMessage());
	}

	public function testMkdirLinkCopyChmodTouch(): void {
		$calls = $this->calls();
		$dir = $this->root . '/alice/New';
		$this->assertTrue($this->io->attempt(fn () => $calls->mkdir($dir, 0755)));
		$this->assertFalse($this->io->attempt(fn () => $calls->mkdir($dir, 0755)), 'it exists');
		file_put_contents($dir . '/f', 'content');
		$this->assertTrue($this->io->attempt(fn () => $calls->chmod($dir . '/f', 0600)));
		$this->assertSame(0600, fileperms($dir . '/f') & 0777);
		$this->assertTrue($this->io->attempt(fn () => $calls->touch($dir . '/f', 1_234_567)));
		clearstatcache();
		$this->assertSame(1_234_567, filemtime($dir . '/f'));
		$this->assertTrue($this->io->attempt(fn () => $calls->link($dir . '/f', $dir . '/hard')));
		$this->assertSame(fileinode($dir . '/f'), fileinode($dir . '/hard'));
		$this->assertTrue($this->io->attempt(fn () => $calls->copy($dir . '/f', $dir . '/copy')));
		$this->assertSame('content', file_get_contents($dir . '/copy'));
		$this->assertFalse($this->io->attempt(fn () => $calls->copy($dir . '/f', $dir . '/copy')), 'a copy never goes over anything');
		$this->assertTrue($this->io->attempt(fn () => $calls->unlink($dir . '/copy')));
		$this->assertFalse($this->io->attempt(fn () => $calls->rmdir($dir)), 'not empty');
	}

	public function testRemovingContentRemovesLinksAsLinksAndCountsFiles(): void {
		$day = $this->root . '/.mirror-trash/alice/2026-01-01';
		mkdir($day . '/x/y', 0755, true);
		file_put_contents($day . '/x/f1', '12345');
		file_put_contents($day . '/x/y/f2', '123');
		symlink($this->outside, $day . '/x/to-outside');
		symlink($this->outside . '/a.jpg', $day . '/a.jpg');
		$before = $this->outsideNow();
		$bytes = $this->calls()->removeContent($day);
		$this->assertSame(8, $bytes, 'the plain files\' bytes');
		$this->assertSame(['.', '..'], scandir($day), 'everything inside went');
		$this->assertSame($before, $this->outsideNow(), 'nothing outside changed');
	}

	public function testTheRootMustBeTheDriveWhoseMarkerWasRead(): void {
		$stat = stat($this->root);
		$this->assertTrue($this->io->attempt(fn () => $this->calls([$stat['dev'], $stat['ino']])->mkdir($this->root . '/ok', 0755)));
		$this->assertFalse($this->io->attempt(fn () => $this->calls([$stat['dev'], $stat['ino'] + 1])->mkdir($this->root . '/no', 0755)), 'another folder');
		unlink($this->root . '/' . Drive::MARKER);
		$this->assertFalse($this->io->attempt(fn () => $this->calls([$stat['dev'], $stat['ino']])->mkdir($this->root . '/no', 0755)), 'no marker');
		$this->assertDirectoryDoesNotExist($this->root . '/no');
	}

	public function testAPathOutsideTheRootIsRefused(): void {
		$this->expectException(UnsafePathException::class);
		$this->calls()->unlink($this->outside . '/a.jpg');
	}
	private function openDescriptors(): int {
		return count(scandir('/proc/self/fd') ?: []);
	}

	private function create(FdCalls $calls, string $path, string $bytes): void {
		$out = $this->io->attempt(fn () => $calls->createExclusive($path, 0644));
		$this->assertIsResource($out, $path);
		fwrite($out, $bytes);
		fclose($out);
	}

	public function testDuringABatchTheFoldersWalkedAreHeldAndAllLetGoAtRelease(): void {
		$calls = $this->calls();
		$before = $this->openDescriptors();
		$this->create($calls, $this->root . '/alice/Photos/2026/a.jpg', 'A');
		$this->assertSame($before, $this->openDescriptors(), 'outside a batch nothing is held');
		$calls->hold();
		foreach (['b', 'c', 'd'] as $name) {
			$this->create($calls, $this->root . '/alice/Photos/2026/' . $name . '.jpg', $name);
		}
		$this->assertSame($before + 4, $this->openDescriptors(), 'the root and the three folders, once');
		$calls->release();
		$this->assertSame($before, $this->openDescriptors());
		foreach (['a' => 'A', 'b' => 'b', 'c' => 'c', 'd' => 'd'] as $name => $bytes) {
			$this->assertSame($bytes, file_get_contents($this->root . '/alice/Photos/2026/' . $name . '.jpg'));
		}
	}

	public function testAHeldFolderSwappedForALinkIsNeverFollowedAndTheNextBatchRefusesTheLink(): void {
		$calls = $this->calls();
		$calls->hold();
		$this->create($calls, $this->root . '/alice/Photos/2026/a.jpg', 'A');
		$outside = $this->outsideNow();
		// the stranger moves the folder away and leaves a link to the outside in its place
		rename($this->root . '/alice/Photos', $this->root . '/alice/moved');
		symlink($this->outside . '/Photos', $this->root . '/alice/Photos');
		$this->create($calls, $this->root . '/alice/Photos/2026/b.jpg', 'B');
		$this->assertSame('B', file_get_contents($this->root . '/alice/moved/2026/b.jpg'), 'into the folder held, inside the drive');
		$this->assertSame($outside, $this->outsideNow(), 'nothing outside is touched');
		$calls->release();
		$this->expectException(UnsafePathException::class);
		$this->io->attempt(fn () => $calls->createExclusive($this->root . '/alice/Photos/2026/c.jpg', 0644));
	}

	public function testAFolderRenamedOrRemovedByTheBatchIsLetGo(): void {
		$calls = $this->calls();
		$calls->hold();
		$this->create($calls, $this->root . '/alice/Photos/2026/a.jpg', 'A');
		$this->assertTrue($this->io->attempt(fn () => $calls->rename($this->root . '/alice/Photos', $this->root . '/alice/Old', false)));
		$this->assertTrue($this->io->attempt(fn () => $calls->mkdir($this->root . '/alice/Photos', 0755)));
		$this->assertTrue($this->io->attempt(fn () => $calls->mkdir($this->root . '/alice/Photos/2026', 0755)));
		$this->create($calls, $this->root . '/alice/Photos/2026/b.jpg', 'B');
		$this->assertSame('B', file_get_contents($this->root . '/alice/Photos/2026/b.jpg'), 'the new folder, not the renamed one');
		$this->assertFileDoesNotExist($this->root . '/alice/Old/2026/b.jpg');
		$this->assertSame(1, $this->io->attempt(fn () => $calls->removeContent($this->root . '/alice/Old')));
		$this->assertTrue($this->io->attempt(fn () => $calls->rmdir($this->root . '/alice/Old')));
		$this->assertTrue($this->io->attempt(fn () => $calls->mkdir($this->root . '/alice/Old', 0755)));
		$this->assertSame([], array_values(array_diff(scandir($this->root . '/alice/Old') ?: [], ['.', '..'])), 'a folder made afresh at the name is empty');
		$calls->release();
	}
}
