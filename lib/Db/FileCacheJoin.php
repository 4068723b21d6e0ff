<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\DB\QueryBuilder\ICompositeExpression;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\DB\QueryBuilder\IQueryFunction;

/**
 * Something of Mirror's joined to each file that Source\FileCacheReader::filesWith() lists, and which of the files
 * to list: the table that holds it is its owner's to name and read, the file cache FileCacheReader's.
 *
 * @template T
 */
interface FileCacheJoin {
	/**
	 * Adds a left join on the file cache's file id ($fileId, a column of $fromAlias) and its columns, after
	 * the file cache's own.
	 */
	public function joinTo(IQueryBuilder $qb, string $fromAlias, string $fileId): void;

	/**
	 * The files to list, as a condition on the joined row; null: all of them.
	 *
	 * @param string $file the file cache's alias
	 * @param IQueryFunction $path the file's path in the user's files, as SQL
	 */
	public function filter(IQueryBuilder $qb, string $file, IQueryFunction $path): ICompositeExpression|string|null;

	/**
	 * What COUNT() counts of the files in FileCacheReader::countWith(), as SQL.
	 */
	public function counted(IQueryBuilder $qb): IQueryFunction|string;

	/**
	 * What the columns added, from $at in $row on, say about the file.
	 *
	 * @param list<mixed> $row
	 * @return T
	 */
	public function read(array $row, int $at): mixed;
}
