<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A `.nomirror` file inside an external storage (issue #20), in both modes, on a real instance with a Local
 * storage mounted at /Disk for one user: the folder is left out (an upload into it is not copied), the copies
 * made before stay until the reconcile moves them to the mirror trash, after the coverage report said how many;
 * the sidebar says "Left out by .nomirror in Disk/Cache", the path the user sees; removing the `.nomirror`
 * copies the folder again at the next reconcile.
 */
final class ExternalStorageNomirrorTest extends IntegrationTestCase {
	use ExternalStorageCalls;

	public function testANomirrorInsideAStorageMirroredAsPartOfTheUsersFiles(): void {
		$this->leftOutAndBackAgain('users', 'Disk/');
	}

	public function testANomirrorInsideAStorageMirroredOnce(): void {
		$this->leftOutAndBackAgain('shared', '');
	}

	/**
	 * The cost: a user's `.nomirror` folders, home and mount, are read in one query when they are compared (per target), and
	 * the worker looks a path's folders up once per folder, not per file, whatever the number of files.
	 */
	public function testTheNomirrorFoldersOfAUserAndTheirMountAreReadOncePerReconcileAndOncePerFolder(): void {
		$dad = $this->user('nomirrorcost');
		$this->occOk(['files_external:applicable', $this->mountId, '--add-user', $dad]);
		$this->occOk(['mirror:external:set', $this->mountId, 'users']);
		$target = $this->newTarget('nomirror-cost');
		$this->dav()->mkdirs($dad, 'Junk');
		$this->dav()->put($dad, 'Junk/.nomirror', '');
		$this->processOk();
		mkdir($this->disk . '/Cache');
		file_put_contents($this->disk . '/Cache/.nomirror', '');
		$folders = 4;
		$files = 60;
		for ($i = 0; $i < $files; $i++) {
			$folder = $this->disk . '/Photos/Day ' . ($i % $folders);
			is_dir($folder) || mkdir($folder, 0755, true);
			file_put_contents($folder . '/p' . $i . '.jpg', 'photo ' . $i);
			file_put_contents($this->disk . '/Cache/c' . $i . '.dat', 'cache ' . $i);
		}

		$log = self::nc()->base . '/nomirror-queries.log';
		$this->occOk(['config:system:set', 'query_log_file', '--value=' . $log]);
		try {
			$this->cron([self::JOB_RECONCILE]);
			$reconcile = (string)@file_get_contents($log);
			@unlink($log);
			$this->processOk();
			$worker = (string)@file_get_contents($log);
		} finally {
			$this->occOk(['config:system:delete', 'query_log_file']);
		}
		$this->assertCount($files, array_filter($this->mirrorFiles($target, $dad), static fn (string $f): bool => str_starts_with($f, 'Disk/Photos/')));
		$this->assertSame([], array_filter($this->mirrorFiles($target, $dad), static fn (string $f): bool => str_starts_with($f, 'Disk/Cache/')));
		$all = '/SELECT\W+storage\W+path\W+FROM\W+oc_filecache\W+WHERE\W+name\W+(=|LIKE)/i'; // by name (its index), then LIKE for MariaDB's padding
		$lookUp = '/SELECT\W+storage\W+path_hash\W+FROM\W+oc_filecache/i';
		$queries = $reconcile . $worker;
		$counts = ['all of a user\'s' => preg_match_all($all, $queries), 'a path\'s folders' => preg_match_all($lookUp, $queries)];
		$users = count($this->occOk(['user:list', '--output=json'])->json());
		fwrite(STDERR, sprintf("\nthe reconcile of %d users, one with %d new files in %d folders of a mount and %d beside a .nomirror, and the worker copying them: .nomirror queries %s\n",
			$users, $files, $folders, $files, json_encode($counts)));
		$this->assertSame($users, $counts['all of a user\'s'], 'one query per user compared (one target) for every .nomirror of theirs, home and mount');
		$this->assertLessThanOrEqual($folders + 3, $counts['a path\'s folders'], 'once per folder (and its parents), not per file');
	}

	/**
	 * @param string $under where the storage's files are in its owner's files on the drive
	 */
	private function leftOutAndBackAgain(string $mode, string $under): void {
		$dad = $this->user('nomirrordad');
		$this->occOk(['files_external:applicable', $this->mountId, '--add-user', $dad]);
		$this->occOk(['mirror:external:set', $this->mountId, $mode]);
		$owner = $mode === 'users' ? $dad : 'Disk (external storage)';
		$target = $this->newTarget('nomirror-' . $mode);
		$this->dav()->mkdirs($dad, 'Disk/Cache/Deep');
		$this->dav()->put($dad, 'Disk/Cache/a.dat', 'cache');
		$this->dav()->put($dad, 'Disk/Cache/Deep/thumb.jpg', 'a thumbnail');
		$this->dav()->put($dad, 'Disk/kept.jpg', 'a photo');
		$this->processOk();
		$all = [$under . 'Cache/Deep/thumb.jpg', $under . 'Cache/a.dat', $under . 'kept.jpg'];
		$this->assertSame($all, $this->mirrorFiles($target, $owner));

		// the .nomirror: an upload into the folder is not copied, the copies made before stay, the report says how many go
		$this->dav()->put($dad, 'Disk/Cache/.nomirror', '');
		$this->dav()->put($dad, 'Disk/Cache/new.dat', 'not to be copied');
		$this->processOk();
		$this->assertSame($all, $this->mirrorFiles($target, $owner), 'nothing moves at once');
		$row = $this->coverageRow($mode, $owner);
		$this->assertSame(['files' => 2, 'bytes' => 16], $row['targets'][0]['toTrash'], json_encode($row));
		$this->assertSame(['files' => 4, 'bytes' => 32], $row['leftOut']['nomirror'], 'the .nomirror and new.dat too');
		$status = $this->ocs($dad, 'GET', '/files/' . $this->dav()->fileId($dad, 'Disk/Cache/Deep/thumb.jpg'));
		$this->assertSame(['state' => 'excluded', 'exclusion' => ['reason' => 'nomirror', 'detail' => 'Disk/Cache']],
			array_intersect_key($status['data'], array_flip(['state', 'exclusion'])), json_encode($status));
		$this->assertSame(['replicated'], array_column($status['data']['targets'], 'state'), 'the copy made before, until the reconcile');
		$folder = $this->ocs($dad, 'GET', '/files/' . $this->dav()->fileId($dad, 'Disk/Cache'));
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Disk/Cache'], $folder['data']['exclusion'], json_encode($folder));
		$this->assertNull($this->ocs($dad, 'GET', '/files/' . $this->dav()->fileId($dad, 'Disk/kept.jpg'))['data']['exclusion']);

		// the reconcile moves the copies to the mirror trash
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame([$under . 'kept.jpg'], $this->mirrorFiles($target, $owner));
		$this->assertCount(1, $this->trashCopies($target, $owner, $under . 'Cache/a.dat'), 'in the mirror trash, where retention applies');
		$this->assertCount(1, $this->trashCopies($target, $owner, $under . 'Cache/Deep/thumb.jpg'));
		$this->assertSame(['files' => 0, 'bytes' => 0], $this->coverageRow($mode, $owner)['targets'][0]['toTrash']);

		// the .nomirror goes: copied again at the next reconcile, the upload made meanwhile too
		$this->assertSame(204, $this->dav()->delete($dad, 'Disk/Cache/.nomirror')->status);
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame([$under . 'Cache/Deep/thumb.jpg', $under . 'Cache/a.dat', $under . 'Cache/new.dat', $under . 'kept.jpg'], $this->mirrorFiles($target, $owner));
		$this->assertNull($this->ocs($dad, 'GET', '/files/' . $this->dav()->fileId($dad, 'Disk/Cache/a.dat'))['data']['exclusion']);
	}

	/**
	 * @return array<string, mixed> the coverage row of the storage's files: its own ("shared"), or the user's ("users")
	 */
	private function coverageRow(string $mode, string $owner): array {
		$report = $this->occOk(['mirror:status', '--coverage', '--output=json'])->json();
		foreach ($report['rows'] as $row) {
			if ($mode === 'users' ? $row['kind'] === 'user' && $row['id'] === $owner : $row['kind'] === 'external' && (string)$row['id'] === $this->mountId) {
				return $row;
			}
		}
		$this->fail('no coverage row for ' . $owner . ': ' . json_encode($report));
	}
}
