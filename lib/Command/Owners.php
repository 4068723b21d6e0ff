<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCP\IL10N;
use OCP\IUser;
use OCP\IUserManager;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;

/**
 * Whose files a command is about: --user, or --group-folder (by mount point or id), which the records
 * keep under the group folder's own owner id ("Family (group folder)").
 */
class Owners {
	public function __construct(
		private readonly IUserManager $users,
		private readonly GroupFolderDirectory $groupFolders,
		private readonly ExternalStorageDirectory $external,
		private readonly IL10N $l,
	) {
	}

	public static function addGroupFolderOption(Command $command): void {
		$command->addOption('group-folder', null, InputOption::VALUE_REQUIRED, 'A group folder (its mount point or id) instead of a user');
	}

	/**
	 * The owner --user or --group-folder names; null when neither is given.
	 *
	 * @throws \InvalidArgumentException both given, or no such user or group folder
	 */
	public function chosen(InputInterface $input): ?string {
		$user = $input->getOption('user');
		$groupFolder = $input->getOption('group-folder');
		if ($user !== null && $groupFolder !== null) {
			throw new \InvalidArgumentException($this->l->t('--user and --group-folder exclude each other.'));
		}
		if ($groupFolder !== null) {
			return $this->groupFolder((string)$groupFolder);
		}
		if ($user !== null && !$this->users->userExists((string)$user) && $this->external->sharedByOwner((string)$user) === null) {
			throw new \InvalidArgumentException($this->l->t('There is no user "%s".', [(string)$user]));
		}
		return $user === null ? null : (string)$user;
	}

	/**
	 * The owner id of a group folder named by its mount point or id.
	 *
	 * @throws \InvalidArgumentException no such group folder that Mirror copies
	 */
	public function groupFolder(string $name): string {
		$folder = $this->groupFolders->byName($name);
		if ($folder === null) {
			throw new \InvalidArgumentException($this->l->t('There is no group folder "%s" that Mirror copies (is the Group folders app enabled?).', [$name]));
		}
		return $folder->owner;
	}

	/** @return list<string> every user, then every group folder's owner id, then every external storage's mirrored once */
	public function all(): array {
		$out = [];
		$this->users->callForAllUsers(static function (IUser $user) use (&$out): void {
			$out[] = $user->getUID();
		});
		return [...$out, ...$this->groupFolders->owners(), ...$this->external->sharedOwners()];
	}
}
