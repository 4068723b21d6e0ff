<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * Exclusions (issue #20): a `.nomirror` file, a pattern, a user and a size limit leave files out; removing
 * the exclusion copies them at the next reconcile; adding one moves existing copies to the mirror trash
 * only at the reconcile, after the admin API has said how many; the coverage report's counts match the drive.
 */
final class ExclusionsTest extends IntegrationTestCase {
	protected function tearDown(): void {
		foreach (['exclude_patterns', 'exclude_users', 'exclude_groups', 'exclude_max_size'] as $key) {
			$this->occ(['config:app:delete', 'mirror', $key]);
		}
		parent::tearDown();
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function api(string $method, string $uid, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'],
			$body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}

	/**
	 * @return array<string, mixed> the user's row of occ mirror:status --coverage --output=json
	 */
	private function coverageOf(string $uid): array {
		$report = $this->occOk(['mirror:status', '--coverage', '--user=' . $uid, '--output=json'])->json();
		foreach ($report['rows'] as $row) {
			if ($row['kind'] === 'user' && $row['id'] === $uid) {
				return $row;
			}
		}
		$this->fail('no coverage row for ' . $uid . ': ' . json_encode($report));
	}

	public function testNomirrorAPatternAndAUserAreLeftOutAndCopiedOnceTheExclusionGoes(): void {
		$uid = $this->user('exkeeper');
		$other = $this->user('exskipped');
		$target = $this->newTarget('excluded');
		$this->occOk(['mirror:exclude:add', '--pattern=*.bak', '--user=' . $other]);
		$bad = $this->occ(['mirror:exclude:add', '--pattern=Photos/Cache']);
		$this->assertSame(1, $bad->exitCode, $bad->describe());
		$this->assertStringContainsString('holds a slash', $bad->stdout . $bad->stderr);
		$unknown = $this->occ(['mirror:exclude:add', '--group=nosuchgroup']);
		$this->assertSame(1, $unknown->exitCode, $unknown->describe());
		$this->assertStringContainsString('There is no group "nosuchgroup"', $unknown->stdout . $unknown->stderr);

		$this->dav()->mkdirs($uid, 'Photos/Cache/Deep');
		$this->dav()->put($uid, 'Photos/Cache/.nomirror', '');
		$this->dav()->put($uid, 'Photos/Cache/Deep/thumb.jpg', 'cached thumbnail');
		$this->dav()->put($uid, 'Photos/kept.jpg', 'a photo');
		$this->dav()->put($uid, 'notes.bak', 'a backup file');
		$this->dav()->put($uid, 'scratch.tmp', 'a default pattern');
		$this->dav()->put($other, 'mine.txt', 'not mirrored');
		$this->processOk();

		$this->assertSame(['Photos/kept.jpg'], $this->mirrorFiles($target, $uid));
		$this->assertSame([], $this->mirrorFiles($target, $other));
		$status = $this->api('GET', $uid, '/files/' . $this->dav()->fileId($uid, 'Photos/Cache/Deep/thumb.jpg'));
		$this->assertSame(200, $status['status']);
		$this->assertSame('excluded', $status['data']['state']);
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Photos/Cache'], $status['data']['exclusion']);
		$this->assertSame(['reason' => 'pattern', 'detail' => '*.bak'], $this->api('GET', $uid, '/files/' . $this->dav()->fileId($uid, 'notes.bak'))['data']['exclusion']);
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Photos/Cache'], $this->api('GET', $uid, '/files/' . $this->dav()->fileId($uid, 'Photos/Cache'))['data']['exclusion']);
		$this->assertNull($this->api('GET', $uid, '/files/' . $this->dav()->fileId($uid, 'Photos/kept.jpg'))['data']['exclusion']);

		$row = $this->coverageOf($uid);
		$this->assertSame(['files' => 5, 'bytes' => 16 + 7 + 13 + 17], $row['total']);
		$this->assertSame(2, $row['leftOut']['nomirror']['files']);
		$this->assertSame(2, $row['leftOut']['pattern']['files']);
		$this->assertSame(['files' => 1, 'bytes' => 7], $row['targets'][0]['mirrored']);
		$this->assertSame(count($this->mirrorFiles($target, $uid)), $row['targets'][0]['mirrored']['files'], 'the report counts what is on the drive');
		$this->assertSame(['files' => 1, 'bytes' => 12], $this->coverageOf($other)['leftOut']['user']);

		// the exclusions go: copied at the next reconcile
		$this->dav()->delete($uid, 'Photos/Cache/.nomirror');
		$this->occOk(['mirror:exclude:remove', '--pattern=*.bak', '--user=' . $other]);
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();

		$this->assertSame(['Photos/Cache/Deep/thumb.jpg', 'Photos/kept.jpg', 'notes.bak'], $this->mirrorFiles($target, $uid));
		$this->assertSame(['mine.txt'], $this->mirrorFiles($target, $other));
		$this->assertSame(3, $this->coverageOf($uid)['targets'][0]['mirrored']['files']);
	}

	public function testAnExclusionAddedMovesCopiesToTheTrashOnlyAtTheReconcileAfterTheApiSaidHowMany(): void {
		$uid = $this->user('exlater');
		$target = $this->newTarget('later');
		$this->dav()->mkdirs($uid, 'Films');
		$this->dav()->put($uid, 'Films/big.mkv', str_repeat('f', 3000));
		$this->dav()->put($uid, 'Films/small.mkv', str_repeat('s', 100));
		$this->dav()->mkdirs($uid, 'Cache');
		$this->dav()->put($uid, 'Cache/a.dat', 'cache');
		$this->processOk();
		$this->assertSame(['Cache/a.dat', 'Films/big.mkv', 'Films/small.mkv'], $this->mirrorFiles($target, $uid));

		$refused = $this->api('PUT', 'admin', '/exclusions', ['patterns' => ['a/b'], 'users' => [], 'groups' => [], 'maxSize' => 2000]);
		$this->assertSame(400, $refused['status']);
		$this->assertSame('pattern_slash', $refused['data']['code']);
		$this->assertSame('patterns', $refused['data']['field']);
		$this->assertNull($this->api('GET', 'admin', '/exclusions')['data']['rules']['maxSize'], 'a refusal changes nothing');

		$saved = $this->api('PUT', 'admin', '/exclusions', ['patterns' => ['*.part'], 'users' => [], 'groups' => [], 'maxSize' => 2000]);
		$this->assertSame(200, $saved['status'], json_encode($saved));
		$this->dav()->put($uid, 'Cache/.nomirror', '');
		$this->processOk();

		// nothing moved yet: the admin API says what will
		$this->assertSame(['Cache/a.dat', 'Films/big.mkv', 'Films/small.mkv'], $this->mirrorFiles($target, $uid));
		$preview = $this->api('GET', 'admin', '/exclusions')['data'];
		$this->assertSame(['patterns' => ['*.part'], 'users' => [], 'groups' => [], 'maxSize' => 2000], $preview['rules']);
		$this->assertSame([['targetId' => (int)$target['id'], 'targetName' => $target['name'], 'files' => 2, 'bytes' => 3005]], $preview['toTrash']);
		$row = $this->coverageOf($uid);
		$this->assertSame(['files' => 3, 'bytes' => 3105], $row['targets'][0]['mirrored']);
		$this->assertSame(['files' => 2, 'bytes' => 3005], $row['targets'][0]['toTrash']);
		$this->assertSame(['files' => 1, 'bytes' => 3000], $row['leftOut']['size']);
		$this->assertSame(['files' => 2, 'bytes' => 5], $row['leftOut']['nomirror']);

		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();

		$this->assertSame(['Films/small.mkv'], $this->mirrorFiles($target, $uid));
		$this->assertCount(1, $this->trashCopies($target, $uid, 'Films/big.mkv'), 'in the mirror trash, where retention applies');
		$this->assertCount(1, $this->trashCopies($target, $uid, 'Cache/a.dat'));
		$row = $this->coverageOf($uid);
		$this->assertSame(['files' => 1, 'bytes' => 100], $row['targets'][0]['mirrored']);
		$this->assertSame(['files' => 0, 'bytes' => 0], $row['targets'][0]['toTrash']);
		$this->assertSame(['files' => 0, 'bytes' => 0], $row['targets'][0]['notCopied']);
		$this->assertSame(0, $this->api('GET', 'admin', '/exclusions')['data']['toTrash'][0]['files']);
	}

	public function testALargeExternalStorageIsInTheCoverageReportAsNotMirroredAndTheSetupCheckWarns(): void {
		$this->occOk(['app:enable', 'files_external']);
		$disk = $this->scratchDir('disk');
		$film = fopen($disk . '/film.mkv', 'w');
		ftruncate($film, 1024 ** 3 + 1); // sparse: 1 GiB in the file cache, nothing on the disk
		fclose($film);
		file_put_contents($disk . '/note.txt', 'x');
		$created = $this->occOk(['files_external:create', '/Disk', 'local', 'null::null', '-c', 'datadir=' . $disk]);
		$this->assertSame(1, preg_match('/id (\d+)/', $created->stdout, $m), $created->describe());
		try {
			$this->occOk(['files_external:scan', $m[1]]);
			$report = $this->occOk(['mirror:status', '--coverage', '--output=json'])->json();
			$rows = array_values(array_filter($report['rows'], static fn (array $r): bool => $r['kind'] === 'external'));
			$this->assertCount(1, $rows, json_encode($report));
			$this->assertSame(['id' => $m[1], 'name' => 'Disk', 'covered' => false, 'total' => ['files' => 2, 'bytes' => 1024 ** 3 + 2], 'targets' => []],
				array_intersect_key($rows[0], array_flip(['id', 'name', 'covered', 'total', 'targets'])));

			$checks = $this->occ(['setupchecks']);
			$this->assertStringContainsString('Mirror coverage: The external storage "Disk" (1 GB) is not mirrored.', $checks->stdout, $checks->describe());
		} finally {
			$this->occ(['files_external:delete', '--yes', $m[1]]);
			$this->occ(['app:disable', 'files_external']);
		}
	}
}
