<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Proc;

/**
 * A folder on the drive that cannot be written to (issue item 7): the files that go there fail one by one with
 * a clear error, the others are mirrored, and nothing already there is harmed. (The tests run as root, which
 * ignores permission bits: the folder is made immutable with chattr +i, which stops root too.)
 */
final class UnwritableFolderTest extends IntegrationTestCase {
	private ?string $immutable = null;

	protected function tearDown(): void {
		if ($this->immutable !== null) {
			Proc::run(['chattr', '-i', $this->immutable]);
		}
		parent::tearDown();
	}

	public function testFilesForAnUnwritableFolderFailOneByOneAndTheOthersAreMirrored(): void {
		$uid = $this->user('locked');
		$target = $this->newTarget('locked');
		$this->dav()->mkcol($uid, 'Locked');
		$this->dav()->mkcol($uid, 'Open');
		$this->dav()->put($uid, 'Locked/old.txt', 'mirrored before the folder was locked');
		$this->processOk();

		$locked = $this->mirrorPath($target, $uid, 'Locked');
		$chattr = Proc::run(['chattr', '+i', $locked]);
		if (!$chattr->ok()) {
			$this->markTestSkipped("chattr +i is not supported here:\n" . $chattr->describe());
		}
		$this->immutable = $locked;
		$this->dav()->put($uid, 'Locked/new1.txt', 'cannot go to the drive');
		$this->dav()->put($uid, 'Locked/new2.txt', 'cannot go either');
		$this->dav()->put($uid, 'Open/fine.txt', 'goes to the drive');
		$this->dav()->put($uid, 'top.txt', 'goes too');

		$run = $this->processOk(['--output=json']);
		$report = $run->json();

		$this->assertSame(2, $report['failed'] ?? null, $run->describe());
		$this->assertCount(2, $report['errors'] ?? [], $run->describe());
		foreach ($report['errors'] as $error) {
			$this->assertMatchesRegularExpression('/permi|not permitted|denied|writ/i', $error, 'the error says why');
		}
		$this->assertMirrored($target, $uid, 'Open/fine.txt');
		$this->assertMirrored($target, $uid, 'top.txt');
		$this->assertMirrored($target, $uid, 'Locked/old.txt');
		$this->assertSame(2, $this->userStatus($uid, (int)$target['id'])['failed']);
		$this->assertSame(2, $this->targetStatus((int)$target['id'])['failed']);
		$this->assertTrue($this->listedTarget((int)$target['id'])['state']['online'], 'one unwritable folder does not take the drive offline');
	}
}
