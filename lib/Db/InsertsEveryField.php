<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

/**
 * Entity only writes the fields a setter changed, and a setter given the default value (a size of 0,
 * an empty file) changes nothing: the INSERT would leave a NOT NULL column out. A new entity marks every
 * field, so an insert writes them all; one read from the database is reset by fromRow().
 *
 * @psalm-require-extends \OCP\AppFramework\Db\Entity
 */
trait InsertsEveryField {
	private function markEveryFieldForInsert(): void {
		foreach (array_keys($this->getFieldTypes()) as $field) {
			if ($field !== 'id') {
				$this->markFieldUpdated($field);
			}
		}
	}
}
