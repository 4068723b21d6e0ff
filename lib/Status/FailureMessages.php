<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\QueueItem;
use OCP\IL10N;
use OCP\Util;

/**
 * The one catalogue of failure messages: a stored failure (its code and parameters) in the
 * reader's language. Admins read where on the drive and the system's own words; users read what
 * happened to their file and what comes next, never a path on the server.
 */
class FailureMessages {
	public function __construct(
		private readonly IL10N $l,
	) {
	}

	/**
	 * For users: the file's owner and those it is shared with.
	 */
	public function forUser(QueueItem $item): string {
		return $this->sentence((string)$item->getErrorCode(), $item->errorParameters());
	}

	/**
	 * For admins (the admin page): the same sentence, then what Mirror was doing where, and why.
	 */
	public function forAdmin(QueueItem $item): string {
		$params = $item->errorParameters();
		if ($item->getErrorCode() === QueueItem::HELD) {
			return $this->sentence(QueueItem::HELD, $params);
		}
		$legacy = $item->getLastError();
		if ($params === [] && $legacy !== null && $legacy !== '') {
			// recorded before failures were stored as codes: the English message is all there is
			return $legacy;
		}
		$sentence = $this->sentence((string)$item->getErrorCode(), $params);
		$path = isset($params['path']) ? (string)$params['path'] : null;
		$detail = isset($params['detail']) ? (string)$params['detail'] : null;
		$action = isset($params['action']) && $path !== null ? $this->action((string)$params['action'], $path) : null;
		if ($action !== null && $detail !== null) {
			return $sentence . ' ' . $this->l->t('Could not %1$s: %2$s', [$action, $detail]);
		}
		if ($path !== null) {
			return $sentence . ' ' . $this->l->t('Where: %s', [$path]);
		}
		if ($detail !== null) {
			return $sentence . ' ' . $this->l->t('Details: %s', [$detail]);
		}
		return $sentence;
	}

	/**
	 * @param array<string, string|int> $params
	 */
	private function sentence(string $code, array $params): string {
		return match ($code) {
			ReplicationException::FULL => isset($params['needed'], $params['free'])
				? $this->l->t('The mirror drive is full: %1$s needed, %2$s free. It is tried again as soon as there is room.', [Util::humanFileSize((int)$params['needed']), Util::humanFileSize((int)$params['free'])])
				: $this->l->t('The mirror drive is full. It is tried again as soon as there is room.'),
			ReplicationException::PERMISSION => $this->l->t('The mirror drive does not let Nextcloud write this file (permission denied, or a read-only drive).'),
			ReplicationException::NAME => $this->l->t('The mirror drive does not accept this file name. FAT and exFAT drives refuse the characters : * ? " < > | \\ and names that end in a dot or a space.'),
			ReplicationException::TOO_LARGE => $this->l->t('The file is too large for the mirror drive\'s filesystem (FAT32 holds files up to 4 GiB). Nothing of it was written. To mirror it, an administrator can reformat the drive as exFAT or ext4 and add it again.'),
			ReplicationException::SOURCE => match ($params['reason'] ?? null) {
				'locked' => $this->l->t('The file was in use in Nextcloud. It is copied later.'),
				'not_permitted' => $this->l->t('Nextcloud does not allow reading this file.'),
				default => $this->l->t('Nextcloud could not read this file. It is tried again later.'),
			},
			ReplicationException::CHANGED => $this->l->t('The file changed while it was being copied. It is copied again.'),
			ReplicationException::READ_BACK => $this->l->t('The mirror drive returned different bytes when the copy was read back after writing. The copy is not counted as good and is copied again. A drive that does this again and again may be failing: check it, or its cable.'),
			ReplicationException::WRITE_BACK => ($params['reason'] ?? null) === 'read_only_after_error'
				? $this->l->t('The mirror drive reported a write error and its filesystem turned itself read-only to protect what is on it, so nothing more can be written to it. The copy is not counted as mirrored, and whatever it was to replace stays. Check the drive (a filesystem check, or a new drive) and plug it in again: what failed is copied again then.')
				: $this->l->t('The mirror drive reported a write error: the copy\'s bytes did not reach the disk (a failing drive or cable, or a drive without real room left). The copy is not counted as mirrored, and whatever it was to replace stays. It is copied again later; if this happens again and again, check the drive.'),
			ReplicationException::VERIFY => $this->l->t('The copy on the mirror drive did not match and was discarded.'),
			QueueItem::HELD => $this->l->t('Held: an unusual number of changes (or files that no longer look like their type) since the tripwire tripped. The mirror keeps the last good copy until an administrator releases the changes.'),
			ReplicationException::UNSAFE => $this->l->t('A symbolic link on the mirror drive stands where this file goes. Mirror never follows links on the drive: an administrator has to remove it.'),
			default => $this->l->t('The copy could not be written to the mirror drive. It is tried again later.'),
		};
	}

	private function action(string $action, string $path): string {
		return match ($action) {
			'create_temporary' => $this->l->t('create a temporary file in %s', [$path]),
			'write' => $this->l->t('write %s', [$path]),
			'sync' => $this->l->t('sync %s to the drive', [$path]),
			'read' => $this->l->t('read %s', [$path]),
			'create_folder' => $this->l->t('create the folder %s', [$path]),
			'marker' => $this->l->t('write the marker file %s', [$path]),
			'mtime' => $this->l->t('set the modification time of %s', [$path]),
			'place' => $this->l->t('move the copy into place at %s', [$path]),
			'rename' => $this->l->t('rename to %s', [$path]),
			'trash' => $this->l->t('move %s to the mirror trash', [$path]),
			'keep' => $this->l->t('keep the previous copy of %s in the mirror trash', [$path]),
			'aside' => $this->l->t('move %s aside in the mirror trash', [$path]),
			default => $path,
		};
	}
}
