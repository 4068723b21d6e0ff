<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\BackgroundJob;

use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Trash\TrashRetention;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\BackgroundJob\IJob;
use OCP\BackgroundJob\TimedJob;
use Psr\Log\LoggerInterface;

/**
 * Daily: the mirror trash older than the retention period goes (the dated folders make it cheap).
 */
class TrashRetentionJob extends TimedJob {
	public function __construct(
		ITimeFactory $time,
		private TargetMapper $targets,
		private DriveFactory $drives,
		private TrashRetention $retention,
		private LoggerInterface $logger,
	) {
		parent::__construct($time);
		$this->setInterval(86400);
		$this->setTimeSensitivity(IJob::TIME_INSENSITIVE);
		$this->setAllowParallelRuns(false);
	}

	#[\Override]
	protected function run($argument): void {
		$cutoff = date('Y-m-d', $this->time->getTime() - $this->retention->days() * 86400);
		foreach ($this->targets->findEnabled() as $target) {
			$drive = $this->drives->forTarget($target);
			if (!$drive->state()->online) {
				continue; // an unplugged drive is pruned when it is back
			}
			try {
				$pruned = $this->retention->prune($drive, $cutoff);
			} catch (\Throwable $e) {
				$this->logger->warning('Mirror could not prune the trash of target "' . $target->getName() . '": ' . $e->getMessage(), ['exception' => $e]);
				continue;
			}
			if ($pruned !== []) {
				$this->logger->info('Mirror pruned ' . count($pruned) . ' dated trash folders older than ' . $cutoff . ' on target "' . $target->getName() . '"');
			}
		}
	}
}
