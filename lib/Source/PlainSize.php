<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source;

use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\DB\QueryBuilder\IQueryFunction;

/**
 * A file's size as its users see it, read from the file cache, by Nextcloud's own rule (CacheEntry::getUnencryptedSize(),
 * FileInfo::getSize()): a file the cache marks encrypted (server-side encryption) takes its `unencrypted_size` where
 * that is set, its `size` otherwise. At an upload Nextcloud 32 writes the plain size into `size` and leaves
 * `unencrypted_size` at 0 (EncryptionTest saw it so, before and after `occ files:scan`); a file written through the
 * Files API in PHP (a restore) gets `unencrypted_size` from the encryption stream when it is closed, and then `size`
 * need not be the plain size. What reaches the drive is what the Files API serves: the plain bytes.
 */
final class PlainSize {
	/** The SQL expression, for a select, a sum or a comparison on oc_filecache ($alias: the file cache's table alias, if any). */
	public static function of(IQueryBuilder $qb, string $alias = ''): IQueryFunction {
		$unencrypted = $qb->getColumnName('unencrypted_size', $alias);
		return $qb->createFunction('CASE WHEN ' . $qb->getColumnName('encrypted', $alias) . ' <> 0 AND ' . $unencrypted . ' > 0 THEN '
			. $unencrypted . ' ELSE ' . $qb->getColumnName('size', $alias) . ' END');
	}
}
