<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Db\RecordJoin;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Source\FileCacheReader;
use PHPUnit\Framework\MockObject\MockObject;

/**
 * A file cache and records for the Reconciler, answering as the database does: filesWith() lists the
 * files whose record is missing or differs (etag, modification time, path), as RecordJoin's filter.
 */
trait ReconcileSources {
	/**
	 * @param list<array{fileId: int, path: string, size: int, mtime: int, etag: string}> $files Nextcloud's
	 * @param list<array{fileId: int, path: string, size: int, mtime: int, etag: string, drivePath: string|null}> $records
	 * @return array{0: FileCacheReader&MockObject, 1: ReplicaMapper&MockObject}
	 */
	private function sources(array $files, array $records): array {
		$byId = array_column($records, null, 'fileId');
		$cache = $this->createMock(FileCacheReader::class);
		$cache->method('filesWith')->willReturnCallback(static function () use ($files, $byId): \Generator {
			foreach ($files as $file) {
				$record = $byId[$file['fileId']] ?? null;
				if ($record === null || $record['etag'] !== $file['etag'] || $record['mtime'] !== $file['mtime'] || $record['path'] !== $file['path']) {
					yield [$file, $record];
				}
			}
		});
		$cache->method('countWith')->willReturnCallback(static fn (string $userId, string $below, $join): array => [
			count($files), $join === null ? 0 : count(array_filter($files, static fn (array $f): bool => isset($byId[$f['fileId']]))),
		]);
		$cache->method('present')->willReturnCallback(static fn (string $userId, string $below, array $ids): array => array_fill_keys(array_values(array_intersect($ids, array_column($files, 'fileId'))), true));
		$replicas = $this->createMock(ReplicaMapper::class);
		usort($records, static fn (array $a, array $b): int => $a['fileId'] <=> $b['fileId']);
		$replicas->method('iterateCopyPages')->willReturnCallback(static function () use ($records): \Generator {
			$rows = array_map(static fn (array $r): array => [$r['fileId'], $r['path'], (string)$r['size'], (string)$r['mtime'], $r['drivePath']], $records);
			foreach (array_chunk($rows, ReplicaMapper::PAGE) as $page) {
				yield $page; // the numbers as text, as some databases give them
			}
		});
		$replicas->method('differencesFor')->willReturn(new RecordJoin(1, 'alice', static fn (): null => null, false));
		$replicas->method('countForUser')->willReturn(count($records));
		return [$cache, $replicas];
	}
}
