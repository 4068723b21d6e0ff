<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Status\FailureMessages;
use OCP\IL10N;
use PHPUnit\Framework\TestCase;

class FailureMessagesTest extends TestCase {
	private FailureMessages $messages;

	protected function setUp(): void {
		// a "translation" that marks every string, so the test sees that each one went through IL10N
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => '«' . vsprintf($text, $params) . '»');
		$this->messages = new FailureMessages($l);
	}

	private static function failed(ReplicationException $e): QueueItem {
		$item = new QueueItem();
		$item->setLastError($e->getMessage());
		$item->setErrorCode($e->errorCode);
		$item->setErrorParams($e->params === [] ? null : json_encode($e->params));
		return $item;
	}

	public function testAdminsReadWhereAndWhyUsersReadWhatHappenedOnly(): void {
		$e = (new IoCall())->errorFor('create_temporary', '/mnt/usb/alice/Private/Taxes', null, 'fopen(/x): Failed to open stream: Permission denied');
		$item = self::failed($e);

		$this->assertSame('«The mirror drive does not let Nextcloud write this file (permission denied, or a read-only drive).»', $this->messages->forUser($item));
		$this->assertSame('«The mirror drive does not let Nextcloud write this file (permission denied, or a read-only drive).» '
			. '«Could not «create a temporary file in /mnt/usb/alice/Private/Taxes»: Permission denied»', $this->messages->forAdmin($item));
	}

	public function testAFullDriveSaysHowMuchIsNeededInReadableUnits(): void {
		$item = self::failed(new ReplicationException('full', ReplicationException::FULL, 5_000_000, ['path' => '/mnt/usb/alice', 'needed' => 5_000_000, 'free' => 10]));
		$this->assertSame('«The mirror drive is full: 4.8 MB needed, 10 B free. It is tried again as soon as there is room.»', $this->messages->forUser($item));
		$this->assertStringContainsString('Where: /mnt/usb/alice', $this->messages->forAdmin($item));
	}

	/**
	 * @return array<string, array{string}>
	 */
	public static function writebackErrors(): array {
		return [
			'EIO' => ['Input/output error'],
			'ENOSPC from a thin device, where the filesystem still has room' => ['No space left on device'],
			'none PHP could tell (fdatasync() gives no warning)' => ['unknown error'],
		];
	}

	#[\PHPUnit\Framework\Attributes\DataProvider('writebackErrors')]
	public function testAFailedSyncIsAWriteErrorOfTheDriveNotAFullDrive(string $detail): void {
		$e = (new IoCall())->errorFor('sync', '/mnt/usb/alice/Photos/.mirror-1.part', 200_000, $detail);
		$this->assertSame(ReplicationException::WRITE_BACK, $e->errorCode, $e->getMessage());
		$this->assertNull($e->sizeHint, 'no room is made in the trash for it: freeing space does not cure a write error');
		$this->assertStringContainsString('did not reach the disk', $e->getMessage());
		$this->assertStringContainsString('«The mirror drive reported a write error', $this->messages->forUser(self::failed($e)));
		$this->assertStringContainsString($detail, $this->messages->forAdmin(self::failed($e)));
	}

	public function testADriveThatTurnedReadOnlyAfterAWriteErrorSaysSoNotPermission(): void {
		$e = new ReplicationException('x', ReplicationException::WRITE_BACK, null, ['action' => 'write', 'path' => '/mnt/usb/alice/a.jpg',
			'detail' => 'Read-only file system', 'reason' => 'read_only_after_error']);
		$this->assertStringStartsWith('«The mirror drive reported a write error and its filesystem turned itself read-only', $this->messages->forUser(self::failed($e)));
		$this->assertStringContainsString('Read-only file system', $this->messages->forAdmin(self::failed($e)));
	}

	public function testEveryCodeHasItsOwnSentenceAndNoneNamesAPath(): void {
		$codes = [ReplicationException::FULL, ReplicationException::PERMISSION, ReplicationException::NAME, ReplicationException::TOO_LARGE,
			ReplicationException::SOURCE, ReplicationException::CHANGED, ReplicationException::VERIFY, ReplicationException::UNSAFE, ReplicationException::IO, ReplicationException::WRITE_BACK];
		$sentences = [];
		foreach ($codes as $code) {
			$sentence = $this->messages->forUser(self::failed(new ReplicationException('x', $code, null, ['path' => '/srv/secret/place', 'detail' => 'EIO at /srv/secret'])));
			$this->assertStringNotContainsString('/srv', $sentence, $code);
			$sentences[$code] = $sentence;
		}
		$this->assertSame(count($codes), count(array_unique($sentences)), 'one sentence per code');
	}

	public function testSourceFailuresSayWhy(): void {
		$locked = self::failed(new ReplicationException('locked', ReplicationException::SOURCE, null, ['reason' => 'locked']));
		$this->assertSame('«The file was in use in Nextcloud. It is copied later.»', $this->messages->forUser($locked));
	}

	public function testAFailureRecordedBeforeParametersExistedShowsItsMessageToAdmins(): void {
		$item = new QueueItem();
		$item->setLastError('Permission denied on the mirror drive: could not create temporary file in /mnt/usb/alice');
		$item->setErrorCode('permission');
		$this->assertSame('Permission denied on the mirror drive: could not create temporary file in /mnt/usb/alice', $this->messages->forAdmin($item));
		$this->assertStringNotContainsString('/mnt', $this->messages->forUser($item));
	}
}
