<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\InvalidTargetException;
use OCP\IL10N;

/**
 * Why a target's path or setting was refused (InvalidTargetException's reason and parameters), in
 * the reader's language: for the targets API's message and for occ.
 */
class TargetProblemMessages {
	public function __construct(
		private readonly IL10N $l,
		private readonly TargetStateMessages $states,
	) {
	}

	/** The 404 of every targets endpoint (TargetNotFoundException keeps its English for the log). */
	public function notFound(int $id): string {
		return $this->l->t('There is no mirror target with id %s.', [(string)$id]);
	}

	/** An update that names no setting to change. */
	public function nothingToChange(): string {
		return $this->l->t('Nothing to change: give a name, enabled, offlineDrive, node or readBack.');
	}

	public function message(InvalidTargetException $e): string {
		$p = $e->params;
		$s = static fn (string $key): string => (string)($p[$key] ?? '');
		$ownFolder = $this->l->t('mount the backup drive on a folder of its own, for example /mnt/backup, and use that.');
		return match ($e->reason) {
			'path_empty' => $this->l->t('The path must not be empty.'),
			'path_relative' => $this->l->t('The path must be absolute (start with /): %s', [$s('path')]),
			'path_nul' => $this->l->t('The path contains a NUL byte.'),
			'path_missing' => $this->l->t('The folder %s does not exist.', [$s('path')]),
			'not_folder' => $this->l->t('%s is not a folder.', [$s('path')]),
			'unresolvable' => $this->l->t('The folder %s cannot be resolved.', [$s('path')]),
			'nextcloud_folder' => match ($s('folder')) {
				'data' => $this->l->t('The target must be outside Nextcloud\'s data folder (%s) and must not contain it: Mirror writes there as the web server user.', [$s('path')]),
				'installation' => $this->l->t('The target must be outside Nextcloud\'s installation folder (%s) and must not contain it: Mirror writes there as the web server user.', [$s('path')]),
				default => $this->l->t('The target must be outside Nextcloud\'s configuration folder (%s) and must not contain it: Mirror writes there as the web server user.', [$s('path')]),
			},
			'not_writable' => $this->l->t('Nextcloud (as user %1$s) cannot write to %2$s.', [$s('user'), $s('path')]),
			'overlaps_offline_drive' => $this->l->t('The target overlaps the offline drive "%1$s" (%2$s): offline drives may share a mount point, but neither be inside nor contain another target.', [$s('name'), $s('path')]),
			'overlaps_target' => $this->l->t('The target overlaps the existing target "%1$s" (%2$s): targets must neither be inside nor contain another target.', [$s('name'), $s('path')]),
			'overlaps_target_shared' => $this->l->t('The target overlaps the existing target "%1$s" (%2$s): targets must neither be inside nor contain another target. Only offline drives (plugged in now and then) may share a mount point.', [$s('name'), $s('path')]),
			'host_disk' => $this->l->t('Nothing is mounted at %1$s: it is on the server\'s own disk (as %2$s). Plug the offline drive in and mount it there, then add it.', [$s('path'), $s('disk')]),
			'bare_mount_point' => $this->l->t('Nothing is mounted at %s: it is a folder on the server\'s own disk. Mount the backup drive there first, then add it.', [$s('path')]),
			'system_folder' => $this->l->t('%1$s is a system folder and cannot be a mirror target: %2$s', [$s('path'), $ownFolder]),
			'system_tree' => $this->l->t('%1$s is inside the system folder %2$s and cannot be a mirror target: %3$s', [$s('path'), $s('tree'), $ownFolder]),
			'runtime_folder' => $this->l->t('%s is inside /run, which holds the system\'s runtime state and is emptied at every boot: mount the backup drive on a folder of its own, for example /mnt/backup.', [$s('path')]),
			'read_back_mode' => $this->l->t('The read-back setting must be one of %1$s, not "%2$s".', [$s('modes'), $s('value')]),
			'name_empty' => $this->l->t('The name must not be empty.'),
			'name_too_long' => $this->l->t('The name must be at most %d characters long.', [(int)($p['max'] ?? 200)]),
			'already_target' => $this->l->t('This drive is already the mirror target "%1$s" (id %2$s).', [$s('name'), $s('id')]),
			'foreign_target' => $this->l->t('This folder is a mirror target of another Nextcloud (it holds a %s file). Use --force to take it over.', [$s('marker')]),
			'marker_unwritable' => $this->l->t('The marker file could not be written: %s', [$s('detail')]),
			'disabled' => $this->l->t('The target "%s" is disabled: enable it first.', [$s('name')]),
			'adopt_online' => $this->l->t('The target "%s" is online: there is nothing to adopt.', [$s('name')]),
			'adopt_unavailable' => $this->l->t('Cannot adopt: %s', [$this->states->message(new TargetState(false, $s('state'), $s('path')), $s('path'))]),
			'adopt_not_writable' => $this->l->t('Cannot adopt: Nextcloud cannot write to %s.', [$s('path')]),
			'invalid_node' => $this->l->t('"%1$s" is not a host name (letters, digits, dots and hyphens, up to %2$d characters).', [$s('node'), (int)($p['max'] ?? 64)]),
			'adopt_other_target' => $this->l->t('The drive mounted there is the mirror target "%1$s" (id %2$s); refusing to adopt it.', [$s('name'), $s('id')]),
			// a refusal without a code of its own (InvalidTargetException::INVALID)
			default => $e->getMessage(),
		};
	}
}
