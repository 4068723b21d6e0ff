<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\ReleaseArchives;

/**
 * An admin upgrades from the previous release archive (0.4.0) to this one, as the README says: the folder in
 * custom_apps replaced by the new archive, then `occ upgrade` (issue #19). Targets, copy records, the queue,
 * the trash records and the tripwire's state are all kept, and nothing is copied again.
 */
final class UpgradeTest extends IntegrationTestCase {
	private const FILES = 50;

	protected static function enableAppOnSetUp(): bool {
		return false;
	}

	public function testUpgradingFromThePreviousArchiveKeepsEveryRecordAndCopiesNothingAgain(): void {
		$previous = ReleaseArchives::previous();
		$current = ReleaseArchives::current();
		$newVersion = ReleaseArchives::version(Instance::appRoot());
		$this->assertNotSame(ReleaseArchives::PREVIOUS_VERSION, $newVersion, 'this checkout is a new version');

		self::nc()->installAppArchive($previous);
		$this->occOk(['app:enable', 'mirror']);
		$this->assertSame(ReleaseArchives::PREVIOUS_VERSION, $this->installedVersion());

		// 0.4.0 at work: 50 files mirrored, one deleted (a trash record), three waiting in the queue, and the
		// tripwire switched off for a day for one user.
		$anna = $this->user('anna');
		$ben = $this->user('ben');
		$target = $this->newTarget('usb');
		$this->dav()->mkdirs($anna, 'Photos');
		for ($i = 0; $i < self::FILES; $i++) {
			$this->dav()->put($i % 5 === 0 ? $ben : $anna, ($i % 5 === 0 ? '' : 'Photos/') . "file-$i.bin", random_bytes(1000 + $i), 1_700_000_000 + $i);
		}
		$this->processOk();
		$this->dav()->delete($anna, 'Photos/file-1.bin');
		$this->processOk();
		$trash = $this->occOk(['mirror:trash:list', '--user=' . $anna, '--output=json']);
		$this->assertStringContainsString('file-1.bin', $trash->stdout, 'the deletion is in the drive\'s trash');
		$this->occOk(['mirror:tripwire:disable', '--user=' . $ben, '--hours=24']);
		foreach (['late-1.txt', 'late-2.txt', 'late-3.txt'] as $late) {
			$this->dav()->put($anna, $late, "queued before the upgrade: $late");
		}

		$copies = $this->copiesOnTheDrive($target);
		$this->assertCount(self::FILES - 1, $copies, '49 copies on the drive before the upgrade');
		$before = $this->mirrorTables();
		foreach (['mirror_targets', 'mirror_replicas', 'mirror_queue', 'mirror_trash'] as $table) {
			$this->assertNotEmpty($before[$table] ?? [], "0.4.0 has rows in $table: " . implode(', ', array_keys($before)));
		}
		$this->assertNotEmpty(array_filter(array_keys($before), static fn (string $t) => str_starts_with($t, 'mirror_tripwire')), 'tripwire tables');

		// The upgrade, as the README tells: replace the folder, occ upgrade.
		self::nc()->installAppArchive($current);
		$upgrade = $this->occOk(['upgrade']);
		$this->assertStringContainsString('mirror', $upgrade->stdout, $upgrade->describe());
		$this->assertSame($newVersion, $this->installedVersion());
		$after = $upgraded = $this->mirrorTables();
		foreach (array_diff_key($after, $before) as $table => $rows) {
			$this->assertSame([], $rows, "a table the upgrade added ($table) starts empty");
			unset($after[$table]);
		}
		// the columns the upgrade added are left out: every value the old version wrote is compared
		foreach ($after as $table => $rows) {
			$columns = array_flip(array_keys($before[$table][0] ?? []));
			$after[$table] = array_map(static fn (array $row): array => array_intersect_key($row, $columns), $rows);
			usort($after[$table], static fn (array $a, array $b) => strcmp(json_encode($a), json_encode($b)));
		}
		$this->assertSame($before, $after, 'every row of every table of the app is kept as it was');
		// Upgrading again (occ upgrade with nothing to do) changes nothing either: the migrations are idempotent.
		$this->occOk(['upgrade']);
		$this->assertSame($upgraded, $this->mirrorTables());

		// The new version goes on where the old one stopped: the queued files are copied, nothing else.
		$this->processOk();
		$after = $this->copiesOnTheDrive($target);
		$this->assertSame($copies, array_intersect_key($after, $copies), 'every earlier copy is the same file (inode, mtime, ctime): none was copied again');
		$this->assertSame(['anna/late-1.txt', 'anna/late-2.txt', 'anna/late-3.txt'], array_keys(array_diff_key($after, $copies)));
		$this->assertUserMirrored($target, $anna);
		$this->assertUserMirrored($target, $ben);
		$trashAfter = $this->occOk(['mirror:trash:list', '--user=' . $anna, '--output=json']);
		$this->assertSame($trash->json(), $trashAfter->json(), 'the trash records are the same');
		$dry = $this->occOk(['mirror:resync', '--dry-run', '--output=json'])->json();
		$this->assertSame([], $dry['differences'] ?? null, 'Nextcloud, the records and the drive agree');

		// 0.6.0's records hold a copy per file, target AND user (an external storage mirrored for each user it
		// is mounted for): a record of the same file and target under another user is taken, the same one twice is not
		$columns = 'target_id, file_id, path, path_hash, size, mtime, etag, checksum, replicated_at';
		$copy = "INSERT INTO oc_mirror_replicas (user_id, $columns) SELECT ?, $columns FROM oc_mirror_replicas WHERE user_id = ?";
		$annas = count(self::nc()->select('SELECT id FROM oc_mirror_replicas WHERE user_id = ?', [$anna]));
		$this->assertSame($annas, self::nc()->execute($copy, ['carol', $anna]), 'every record of anna\'s again, under carol');
		try {
			self::nc()->execute($copy, ['carol', $anna]);
			$this->fail('the same file, target and user twice must be refused');
		} catch (\PDOException $e) {
			$this->assertMatchesRegularExpression('/unique|duplicate|23000|23505/i', $e->getMessage());
		}
	}

	private function installedVersion(): ?string {
		$list = $this->occOk(['app:list', '--output=json'])->json();
		return $list['enabled']['mirror'] ?? null;
	}

	/**
	 * Each copy on the drive (users' folders; not the trash, the marker or the manifests) by its path below the
	 * target, with what a rewrite would change: inode, mtime, ctime.
	 *
	 * @return array<string,array{int,int,int}>
	 */
	private function copiesOnTheDrive(array $target): array {
		$root = rtrim((string)$target['path'], '/');
		$copies = [];
		$files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
		foreach ($files as $file) {
			$relative = substr((string)$file->getPathname(), strlen($root) + 1);
			if (!$file->isFile() || str_starts_with($relative, '.') || str_contains($relative, '/.')) {
				continue;
			}
			clearstatcache(true, $file->getPathname());
			$stat = stat($file->getPathname());
			$copies[$relative] = [$stat['ino'], $stat['mtime'], $stat['ctime']];
		}
		ksort($copies);
		return $copies;
	}

	/**
	 * Every row of every table of the app (oc_mirror_*), by table without its prefix, in a stable order, on the
	 * instance's database (MIRROR_DB: the SQL selection runs this test on MariaDB and PostgreSQL too).
	 *
	 * @return array<string,list<array<string,mixed>>>
	 */
	private function mirrorTables(): array {
		$tables = [];
		$type = self::nc()->databaseType();
		$list = match ($type) {
			'mysql' => "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'oc\\_mirror\\_%' ORDER BY table_name",
			'pgsql' => "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'oc\\_mirror\\_%' ORDER BY tablename",
			default => "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'oc\\_mirror\\_%' ESCAPE '\\' ORDER BY name",
		};
		$quote = $type === 'mysql' ? '`' : '"';
		foreach (self::nc()->select($list) as $row) {
			$name = (string)$row['name'];
			$rows = self::nc()->select('SELECT * FROM ' . $quote . $name . $quote);
			usort($rows, static fn (array $a, array $b) => strcmp(json_encode($a), json_encode($b)));
			$tables[substr($name, 3)] = $rows;
		}
		return $tables;
	}
}
