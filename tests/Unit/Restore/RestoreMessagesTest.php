<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Restore;

use OCA\Mirror\Drive\ManifestReading;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Restore\RestoreMessages;
use OCA\Mirror\Status\TargetStateMessages;
use OCP\IL10N;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * A restore's codes put into words: the sentences an English reader read when they were stored,
 * now in the reader's language (every one goes through t()), and a restore recorded before codes
 * keeps its sentence.
 */
class RestoreMessagesTest extends TestCase {
	private RestoreMessages $messages;
	/** @var list<string> */
	private array $translated = [];

	protected function setUp(): void {
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(function (string $text, array $params = []): string {
			$this->translated[] = $text;
			return vsprintf($text, $params);
		});
		$this->messages = new RestoreMessages($l, new TargetStateMessages($l));
	}

	/**
	 * @return array<string, array{0: string, 1: array<string, string|int>, 2: string}>
	 */
	public static function files(): array {
		return [
			'already there' => [RestoreException::ALREADY_THERE, [], 'already there'],
			'a different file' => [RestoreException::DIFFERENT_FILE_THERE, [], 'a different file is there'],
			'dry run' => [RestoreException::DRY_RUN, [], 'dry run: would be restored'],
			'not on the drive' => [RestoreException::NOT_ON_DRIVE, [], 'not on the mirror drive'],
			'another size' => [RestoreException::DIFFERENT_SIZE, ['size' => 8_589_934_592, 'recorded' => 5003], 'the copy on the drive has a different size: 8589934592 bytes, 5003 recorded'],
			'grew while read' => [RestoreException::DIFFERENT_SIZE, ['grew' => 1, 'recorded' => 9], 'the copy on the drive has a different size: it grew beyond the 9 bytes recorded while it was read'],
			'checksum' => [RestoreException::CHECKSUM, [], 'the copy on the drive does not match the sha256 recorded when it was written'],
			'not read again' => [RestoreException::NOT_READ_AGAIN, [], 'the copy on the drive cannot be read again'],
			'drive out' => [RestoreException::DRIVE_OUT, [], 'the mirror drive is not connected'],
			'read failed' => [RestoreException::READ_FAILED, ['detail' => 'read error'], 'the copy on the drive could not be read: read error'],
			'a file in the way' => [RestoreException::FOLDER_BLOCKED, ['folder' => 'Photos'], 'a file stands where the folder "Photos" must be'],
			'a folder in the way' => [RestoreException::FILE_BLOCKED, [], 'a folder stands where the file must be'],
			'write failed' => [RestoreException::WRITE_FAILED, ['detail' => 'Quota exceeded'], 'Nextcloud did not take the file: Quota exceeded'],
		];
	}

	/**
	 * @param array<string, string|int> $params
	 */
	#[DataProvider('files')]
	public function testAFileIsWordedFromItsCode(string $code, array $params, string $expected): void {
		$this->assertSame($expected, $this->messages->file($code, $params));
		$this->assertNotSame([], $this->translated, 'through t()');
	}

	public function testAFileRestoredNeedsNoWordsAndAnOldOneKeepsItsSentence(): void {
		$this->assertSame('', $this->messages->file('', []));
		$this->assertSame('not on the mirror drive', $this->messages->file(RestoreException::LEGACY, ['text' => 'not on the mirror drive']));
		$this->assertSame([], $this->translated, 'an old sentence is shown as it was stored');
		$this->assertSame('the file could not be restored', $this->messages->file('a_code_of_a_later_version', []));
	}

	/**
	 * @return array<string, array{0: string, 1: array<string, string|int>, 2: string}>
	 */
	public static function runs(): array {
		return [
			'target gone' => [RestoreException::TARGET_GONE, ['targetId' => 3], 'The mirror target (id 3) no longer exists.'],
			'drive offline' => [RestoreException::DRIVE_OFFLINE, ['reason' => TargetState::MARKER_MISSING, 'path' => '/mnt/usb'],
				'The mirror drive is not available: The marker file .nextcloud-mirror is missing in /mnt/usb: the drive is not mounted (or is a new, blank drive that must be adopted).'],
			'bad version' => [RestoreException::BAD_VERSION, ['version' => 'yesterday'], 'The version must be "latest" or "trash:YYYY-MM-DD", not "yesterday".'],
			'trash from the drive' => [RestoreException::FROM_DRIVE_LATEST_ONLY, [], 'From the drive alone, only the latest copies can be restored (the trash is not in the manifest).'],
			'no manifest' => [RestoreException::NO_MANIFEST, ['userId' => 'alice'], 'The drive holds no manifest for "alice".'],
			'failed' => [RestoreException::FAILED, ['detail' => 'disk I/O error'], 'The restore failed: disk I/O error'],
			'legacy' => [RestoreException::LEGACY, ['text' => 'The marker file is missing.'], 'The marker file is missing.'],
		];
	}

	/**
	 * @param array<string, string|int> $params
	 */
	#[DataProvider('runs')]
	public function testARunsFailureIsWordedFromItsCode(string $code, array $params, string $expected): void {
		$this->assertSame($expected, $this->messages->run($code, $params));
	}

	public function testARefusedParameterReadsAsTheExceptionSaidItInEnglish(): void {
		foreach (['mode' => '"new", "overwrite" or "skip"', 'version' => '"latest" or "trash:YYYY-MM-DD" with a real date', 'into' => 'a path inside the user\'s files (no "..")'] as $parameter => $expected) {
			$e = new InvalidParameterException($parameter, $expected);
			$this->translated = [];
			$this->assertSame($e->getMessage(), $this->messages->refused($e));
			$this->assertNotSame([], $this->translated, "$parameter: through t()");
		}
	}

	public function testWhatARestoreNamesThatDoesNotExist(): void {
		$this->assertSame('There is no restore with id 9.', $this->messages->notFound('restore', 9));
		$this->assertSame('There is no user "mallory".', $this->messages->notFound('user', 'mallory'));
		$this->assertSame('There is no mirror target with id 5.', $this->messages->notFound('target', 5));
	}

	public function testAManifestsVerdictIsWorded(): void {
		$this->assertSame('the manifest is signed for another user\'s folder', $this->messages->manifest(ManifestReading::OTHER_USER));
		$this->assertSame('the manifest is not signed (written by Mirror before version 2, or not by Mirror)', $this->messages->manifest(ManifestReading::UNSIGNED));
		$this->assertSame('the manifest\'s signature does not match the recovery key', $this->messages->manifest(ManifestReading::MISMATCH));
	}
}
