<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\TargetState;
use OCP\IL10N;

/**
 * A target's state (its reason code, the folder it is at) in the reader's language: what the
 * target card, the targets API and occ show.
 */
class TargetStateMessages {
	public function __construct(
		private readonly IL10N $l,
	) {
	}

	/**
	 * @param string|null $path the folder to name (default: the one the state was taken at)
	 */
	public function message(TargetState $state, ?string $path = null): string {
		$path ??= $state->path;
		return match ($state->reason) {
			null => $this->l->t('Online.'),
			TargetState::FULL => $this->l->t('The drive is full.'),
			TargetState::DISABLED => $this->l->t('The target is disabled.'),
			TargetState::NOT_FOUND => $this->l->t('The folder %s does not exist: is the drive mounted?', [$path]),
			TargetState::NOT_DIRECTORY => $this->l->t('%s is not a folder.', [$path]),
			TargetState::MARKER_MISSING => $this->l->t('The marker file %1$s is missing in %2$s: the drive is not mounted (or is a new, blank drive that must be adopted).', [Drive::MARKER, $path]),
			TargetState::MARKER_MISMATCH => $this->l->t('The drive mounted at %s belongs to another mirror target or another Nextcloud; adopt it to use it for this target.', [$path]),
			TargetState::NOT_WRITABLE => $this->l->t('Nextcloud cannot write to %s (check the owner and permissions, or a read-only mount).', [$path]),
			TargetState::OTHER_NODE => $this->l->t('The drive is plugged into another server; that server copies to it and checks it.'),
			default => $this->l->t('The target is offline.'),
		};
	}

	/**
	 * The state as the API and occ send it: its fields, and its message in words.
	 *
	 * @return array{online: bool, reason: string|null, message: string, freeBytes: int|null, totalBytes: int|null, filesystem: array{type: string, encodesNames: bool, encoding: string|null, maxFileSize: int|null, caseInsensitive: bool}|null, readBack: 'fuse'|'removable'|'setting'|null, encrypted: bool|null}
	 */
	public function view(TargetState $state, ?string $path = null): array {
		$fields = $state->jsonSerialize();
		return [
			'online' => $fields['online'],
			'reason' => $fields['reason'],
			'message' => $this->message($state, $path),
			'freeBytes' => $fields['freeBytes'],
			'totalBytes' => $fields['totalBytes'],
			'filesystem' => $fields['filesystem'],
			// why copies are read back from the drive after writing, null when they are not
			'readBack' => $fields['readBack'],
			// on an encrypted (dm-crypt) block device; null: not known (FUSE, NFS, offline)
			'encrypted' => $fields['encrypted'],
		];
	}
}
