<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Drive\RecoveryKey;
use OCP\IAppConfig;

/**
 * The recovery key: created on first use (the first manifest written, the first asked for), kept in
 * the app config as a sensitive value (hidden from `occ config:list` and the logs), never written to a
 * drive. A rebuilt server given the old server's key (--recovery-key) takes it over once it has
 * verified a manifest, so the manifests it writes from then on are signed with the key the household
 * keeps in its password manager.
 */
class RecoveryKeys {
	public const CONFIG_KEY = 'recovery_key';

	public function __construct(
		private readonly IAppConfig $config,
	) {
	}

	public function current(): RecoveryKey {
		$stored = $this->config->getValueString(Application::APP_ID, self::CONFIG_KEY, '', lazy: true);
		if ($stored !== '') {
			try {
				return RecoveryKey::parse($stored);
			} catch (\InvalidArgumentException) {
				// damaged by hand: a new key (the manifests are signed again as they are written)
			}
		}
		// random_bytes() is the CSPRNG ISecureRandom draws from; ISecureRandom only hands out characters
		$key = RecoveryKey::fromBytes(random_bytes(RecoveryKey::BYTES));
		$this->store($key);
		return $key;
	}

	/**
	 * The key a run verifies with: the one given (a rebuilt server), or this server's.
	 *
	 * @throws \InvalidArgumentException a malformed key
	 */
	public function forRun(?string $given): RecoveryKey {
		return $given === null ? $this->current() : RecoveryKey::parse($given);
	}

	/**
	 * Takes the key over as this server's (it verified a manifest on a drive).
	 *
	 * @return bool whether it was another key than this server's
	 */
	public function adopt(RecoveryKey $key): bool {
		if ($key->equals($this->current())) {
			return false;
		}
		$this->store($key);
		return true;
	}

	private function store(RecoveryKey $key): void {
		$this->config->setValueString(Application::APP_ID, self::CONFIG_KEY, $key->toString(), lazy: true, sensitive: true);
	}
}
