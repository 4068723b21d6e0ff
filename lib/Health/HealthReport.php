<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\ResponseDefinitions;

/**
 * What admins are shown of the health check: the conditions, errors first, and the settings. One
 * shape for the admin API and the admin page's initial state.
 *
 * @psalm-import-type MirrorHealth from ResponseDefinitions
 */
class HealthReport {
	public function __construct(
		private HealthStore $store,
		private HealthSettings $settings,
	) {
	}

	/**
	 * As the last health check found it.
	 *
	 * @return MirrorHealth
	 */
	public function current(): array {
		return $this->of($this->store->conditions());
	}

	/**
	 * @param array<array-key, Condition> $conditions
	 * @return MirrorHealth errors first, then by target and type
	 */
	public function of(array $conditions): array {
		return [
			'conditions' => array_map(static fn (Condition $c): array => $c->jsonSerialize(), Condition::sorted($conditions)),
			'settings' => $this->settings->get(),
		];
	}
}
