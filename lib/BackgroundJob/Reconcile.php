<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\BackgroundJob;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Queue\WorkQueue;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\BackgroundJob\TimedJob;
use OCP\IUser;
use OCP\IUserManager;

/**
 * Every few hours, queues one cheap comparison per user (file cache against records) to catch
 * what no file event announced: occ files:scan, changes made behind Nextcloud's back.
 */
class Reconcile extends TimedJob {
	public function __construct(
		ITimeFactory $time,
		private WorkQueue $queue,
		private IUserManager $userManager,
		private GroupFolderDirectory $groupFolders,
		private ExternalStorageDirectory $external,
	) {
		parent::__construct($time);
		$this->setInterval(6 * 3600);
		$this->setTimeSensitivity(self::TIME_INSENSITIVE);
		$this->setAllowParallelRuns(false);
	}

	#[\Override]
	protected function run($argument): void {
		$this->userManager->callForAllUsers(function (IUser $user): void {
			$this->queue->enqueueUser($user->getUID());
		});
		foreach ($this->groupFolders->owners() as $owner) {
			$this->queue->enqueueUser($owner);
		}
		// every external storage, mirrored or not: one mirrored once is scanned and compared (its files
		// change behind Nextcloud's back), the copies of one switched off go to the mirror trash
		foreach ($this->external->owners() as $owner) {
			$this->queue->enqueueUser($owner);
		}
	}
}
