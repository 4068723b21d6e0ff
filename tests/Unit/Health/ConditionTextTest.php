<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Health;

use OCA\Mirror\Health\Condition;
use OCA\Mirror\Health\ConditionText;
use OCP\IDateTimeFormatter;
use OCP\IL10N;
use PHPUnit\Framework\TestCase;

/**
 * The words of the "exported read-write" condition: over what, what is at risk, the one-line fix.
 */
class ConditionTextTest extends TestCase {
	private function l(): IL10N {
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		return $l;
	}

	/**
	 * @param list<string> $files
	 */
	private static function exported(string $reason, array $files, string $fix): Condition {
		return new Condition(2, 'USB backup', Condition::EXPORTED, 1_800_000_000, ['reason' => $reason, 'files' => $files, 'message' => $fix]);
	}

	public function testItSaysOverWhatAndGivesTheFix(): void {
		$text = new ConditionText($this->createMock(IDateTimeFormatter::class));
		$nfs = self::exported('nfs', ['/etc/exports: /mnt/backup 192.168.1.0/24(rw,sync)'], '/etc/exports: /mnt/backup 192.168.1.0/24(ro,sync)');
		$this->assertSame('Mirror drive "USB backup" is exported read-write over NFS', $text->title($nfs, $this->l()));
		$this->assertSame('Anyone on the network who can write to the export can change or delete the backup (/etc/exports: /mnt/backup 192.168.1.0/24(rw,sync)).'
			. ' Export it read-only: /etc/exports: /mnt/backup 192.168.1.0/24(ro,sync). Then reload the exports (exportfs -ra) or Samba (smbcontrol all reload-config).',
			$text->body($nfs, $this->l()));
		$this->assertFalse($nfs->isError(), 'a warning');
		$this->assertSame('Mirror drive "USB backup" is exported read-write over Samba', $text->title(self::exported('samba', [], ''), $this->l()));
		$this->assertSame('Mirror drive "USB backup" is exported read-write over NFS and Samba', $text->title(self::exported('nfs_samba', [], ''), $this->l()));
	}

	public function testItIsKeptAndReadBackByTheHealthStore(): void {
		$condition = self::exported('nfs', ['/etc/exports: / *(rw)'], '/etc/exports: / *(ro)');
		$again = Condition::fromArray($condition->toArray());
		$this->assertNotNull($again, 'a type the store knows');
		$this->assertSame(['exported', 'nfs', ['/etc/exports: / *(rw)'], '/etc/exports: / *(ro)'], [$again->type, $again->text('reason'), $again->files(), $again->text('message')]);
		$this->assertSame('warning', $again->jsonSerialize()['severity']);
	}
}
