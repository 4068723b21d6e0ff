<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\Drive\TargetState;
use OCP\IDateTimeFormatter;
use OCP\IL10N;
use OCP\Util;

/**
 * The words for each condition, in the reader's language: one catalogue for the notifications, the
 * setup check, the dashboard widget and the admin page, so that all of them say the same.
 */
class ConditionText {
	public function __construct(
		private IDateTimeFormatter $dates,
	) {
	}

	public function title(Condition $c, IL10N $l): string {
		$name = $c->targetName;
		return match ($c->type) {
			Condition::OFFLINE => $l->t('Mirror drive "%s" is offline', [$name]),
			Condition::FULL => $l->t('Mirror drive "%s" is full', [$name]),
			Condition::FILLING => $l->n('Mirror drive "%2$s" will be full in about %1$d day', 'Mirror drive "%2$s" will be full in about %1$d days', (int)$c->number('daysLeft'), [(int)$c->number('daysLeft'), $name]),
			Condition::FAILING => $l->n('%1$d file has not reached mirror drive "%2$s" for more than a day', '%1$d files have not reached mirror drive "%2$s" for more than a day', (int)$c->number('count'), [(int)$c->number('count'), $name]),
			Condition::LAGGING => $l->t('Mirror drive "%s" is falling behind', [$name]),
			Condition::DAMAGED => match ($c->text('reason')) {
				Condition::FOUND_READ_BACK => $l->n('Mirror drive "%2$s" returned different bytes for %1$d copy again and again', 'Mirror drive "%2$s" returned different bytes for %1$d copies again and again', (int)$c->number('count'), [(int)$c->number('count'), $name]),
				Condition::FOUND_SCRUB => $l->n('The scheduled check found %1$d damaged copy on mirror drive "%2$s"', 'The scheduled check found %1$d damaged copies on mirror drive "%2$s"', (int)$c->number('count'), [(int)$c->number('count'), $name]),
				default => $l->n('Verify found %1$d damaged copy on mirror drive "%2$s"', 'Verify found %1$d damaged copies on mirror drive "%2$s"', (int)$c->number('count'), [(int)$c->number('count'), $name]),
			},
			Condition::UNCHECKED => $l->t('The copies on mirror drive "%s" have not all been checked for too long', [$name]),
			Condition::REMINDER => $l->n('Offline drive "%2$s" has had no complete copy for %1$d day', 'Offline drive "%2$s" has had no complete copy for %1$d days', (int)$c->number('days'), [(int)$c->number('days'), $name]),
			Condition::EXPORTED => match ($c->text('reason')) {
				'samba' => $l->t('Mirror drive "%s" is exported read-write over Samba', [$name]),
				'nfs_samba' => $l->t('Mirror drive "%s" is exported read-write over NFS and Samba', [$name]),
				default => $l->t('Mirror drive "%s" is exported read-write over NFS', [$name]),
			},
			Condition::RACE => $l->t('Drive operations on mirror drive "%s" are not race-free here', [$name]),
			Condition::NODE_SILENT => $l->t('The server of mirror drive "%1$s" (%2$s) has not copied anything for a while', [$name, (string)$c->text('node')]),
			default => $name,
		};
	}

	/**
	 * What happened, since when, and what to do. For admins: it may name users' files.
	 */
	public function body(Condition $c, IL10N $l): string {
		$since = $this->dates->formatDateTime($c->since, 'long', 'short', null, $l);
		return match ($c->type) {
			Condition::OFFLINE => $l->t('Nothing has been copied to it since %1$s. %2$s', [$since, $this->offlineReason($c, $l)]),
			Condition::FULL => $l->t('Only %1$s of %2$s is free, less than the reserve. Copies pause when no room is left, and nothing is lost: free some space on the drive or move to a larger one.', $this->space($c))
				. $this->daysLeft($c, $l),
			Condition::FILLING => $l->t('%1$s of %2$s is free. At the rate it filled over the last week, it is full in about %3$d days: plan a larger drive.', [...$this->space($c), (int)$c->number('daysLeft')]),
			Condition::FAILING => $l->t('The first failed at %1$s. For example: %2$s. The Mirror admin page says why and retries them.', [$since, implode(', ', $c->files())]),
			Condition::LAGGING => $l->t('A file has waited since %s to be copied while the drive is connected. Check that background jobs (cron) run, or start occ mirror:process.', [$since]),
			Condition::DAMAGED => match ($c->text('reason')) {
				Condition::FOUND_READ_BACK => $l->t('Since %s, copies read back from the drive right after writing were not what was written, at least three times in a row; none of them is counted as a good copy, and they are tried again. The drive (or its cable, or its driver) damages files: check its health, or replace it.', [$since]),
				default => $l->t('Found on %s. The damaged copies were queued to be copied again. A drive that damages files may be failing: check its health, then run occ mirror:verify again.', [$since]),
			} . ($c->files() === [] ? '' : ' ' . $l->t('Of these files, the file in Nextcloud does not match what was copied either, although Nextcloud did not see it change (changed behind its back, or damaged on the server\'s disk): neither copy is known to be good, so nothing was copied over the drive\'s copy. Compare them, and restore the good one (an older version may be in Nextcloud\'s versions or in the drive\'s .mirror-trash): %s', [implode(', ', $c->files())])),
			Condition::UNCHECKED => $c->text('reason') === 'never'
				? $l->t('No full pass of the scheduled check since the drive was added on %s. Each pass reads every copy back and compares it with its checksum; check that background jobs (cron) run, and that the drive is connected long enough.', [$since])
				: $l->t('The last full pass of the scheduled check ended on %s, more than twice its interval ago. Each pass reads every copy back and compares it with its checksum; check that background jobs (cron) run, and that the drive is connected long enough.', [$since]),
			Condition::REMINDER => $l->t('Its last complete copy is from %s. Plug it in where Mirror expects it: it catches up by itself and tells you when it is safe to unplug.', [$since]),
			Condition::EXPORTED => $l->t('Anyone on the network who can write to the export can change or delete the backup (%1$s). Export it read-only: %2$s. Then reload the exports (exportfs -ra) or Samba (smbcontrol all reload-config).',
				[implode('; ', $c->files()), (string)$c->text('message')]),
			Condition::RACE => $l->t('Drive operations are not race-free here: enable FFI for the CLI (ffi.enable), or export the drive read-only. Whoever can write to the drive could make Mirror delete or change files outside it. Reason: %s', [(string)($c->details['reason'] ?? '')])
				. ' ' . $l->t('Nor are copies read back from the drive after writing: without FFI the read would come from memory (the page cache), which proves nothing.'),
			Condition::NODE_SILENT => $l->t('Mirror\'s worker last ran on server %1$s, which holds the drive, at %2$s. Only that server copies to the drive and checks it: make sure it runs and that its cron (or occ mirror:process --watch) does. If the drive moved to another server, run occ mirror:target:move-node there.', [(string)$c->text('node'), $since]),
			default => '',
		};
	}

	public function userTitle(int $count, IL10N $l): string {
		return $l->n('%n of your files has not been backed up for more than a day', '%n of your files have not been backed up for more than a day', $count);
	}

	/**
	 * @param list<string> $files paths inside the user's own files
	 */
	public function userBody(array $files, IL10N $l): string {
		return $l->t('For example: %s. Your administrator has been told; the Mirror section of your personal settings shows what is backed up.', [implode(', ', $files)]);
	}

	private function offlineReason(Condition $c, IL10N $l): string {
		return match ($c->text('reason')) {
			TargetState::MARKER_MISMATCH => $l->t('Another drive is mounted in its place. If it replaces the old one, adopt it on the Mirror admin page.'),
			TargetState::NOT_WRITABLE => $l->t('Nextcloud cannot write to its folder: check the owner and permissions, or a mount that became read-only.'),
			TargetState::NOT_DIRECTORY => $l->t('Its path is not a folder.'),
			default => $l->t('The drive is not mounted: plug it in and mount it where Mirror expects it (the Mirror admin page shows the folder).'),
		};
	}

	/**
	 * @return list<string>
	 */
	private function space(Condition $c): array {
		return [Util::humanFileSize((int)$c->number('freeBytes')), Util::humanFileSize((int)$c->number('totalBytes'))];
	}

	private function daysLeft(Condition $c, IL10N $l): string {
		$days = $c->number('daysLeft');
		return $days === null ? '' : ' ' . $l->n('At the rate of the last week, no room is left in about %n day.', 'At the rate of the last week, no room is left in about %n days.', $days);
	}
}
