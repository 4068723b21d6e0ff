<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Target;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Health\HealthNotifications;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\ManifestService;
use OCA\Mirror\Status\OfflineDrivePhase;
use OCP\AppFramework\Utility\ITimeFactory;
use Psr\Log\LoggerInterface;

/**
 * Offline drives (rotating targets): drives plugged in now and then. Resting is their normal state,
 * and while they rest no work is queued for them. This notices, cheaply (a look at each one's marker
 * and one count), when a drive comes back (queue one comparison per user: the catch-up), when it has
 * caught up (sync the drive, write the manifests, tell the admins it is safe to unplug), and when it
 * went away again.
 */
class OfflineDrives {
	public const CAME_BACK = 'came_back';
	public const CAUGHT_UP = 'caught_up';
	public const WENT_AWAY = 'went_away';

	public function __construct(
		private TargetMapper $targets,
		private DriveFactory $drives,
		private WorkQueue $queue,
		private QueueReader $reader,
		private ReplicaMapper $replicas,
		private ManifestService $manifests,
		private HealthNotifications $notifications,
		private HealthSettings $settings,
		private ITimeFactory $time,
		private LoggerInterface $logger,
		private ThisNode $node,
		private ActivityPublisher $activity,
	) {
	}

	/**
	 * One look at every enabled offline drive.
	 *
	 * @return array<int, self::CAME_BACK|self::CAUGHT_UP|self::WENT_AWAY> target id => what happened, for those where something did
	 */
	public function poll(): array {
		$events = [];
		// only the drives of this server: another node cannot see them come and go
		foreach ($this->node->filter($this->targets->findEnabled()) as $target) {
			if (!$target->isOfflineDrive()) {
				continue;
			}
			$event = $this->check($target);
			if ($event !== null) {
				$events[(int)$target->getId()] = $event;
			}
		}
		return $events;
	}

	/**
	 * @return self::CAME_BACK|self::CAUGHT_UP|self::WENT_AWAY|null
	 */
	private function check(Target $target): ?string {
		$id = (int)$target->getId();
		$state = $this->drives->forTarget($target)->state();
		$presentSince = $target->getPresentSince();
		if (!$state->online) {
			if ($presentSince !== null && $this->targets->markAbsent($id)) {
				// "safe to unplug" is past news; what it had not copied yet waits for the next visit
				$this->notifications->withdrawUpToDate($id);
				return self::WENT_AWAY;
			}
			return null;
		}
		if ($presentSince === null) {
			$now = $this->time->getTime();
			if (!$this->targets->markPresent($id, $now)) {
				return null; // another process saw it first
			}
			$this->notifications->withdrawUpToDate($id);
			// deletions and renames while it rested are found by comparing, and the drive is looked
			// at too: it spent the time away from the server, where anyone may have changed it
			$target->setPresentSince($now);
			$this->queue->enqueueEverything($target, true);
			$this->logger->info('Mirror offline drive "' . $target->getName() . '" is plugged in: catching up.');
			return self::CAME_BACK;
		}
		if ($this->reader->openFor($id) > 0) {
			return null; // still catching up
		}
		$now = $this->time->getTime();
		if (OfflineDrivePhase::isCaughtUp($target)) {
			$this->targets->touchComplete($id, $presentSince, $now);
			return null;
		}
		return $this->finish($target, $presentSince, $now);
	}

	/**
	 * Nothing is left to do: manifests written, the drive synced, then the admins are told.
	 *
	 * @return self::CAUGHT_UP|null
	 */
	private function finish(Target $target, int $presentSince, int $now): ?string {
		$id = (int)$target->getId();
		$userIds = [];
		foreach ($this->replicas->summarize() as $row) {
			if ($row['targetId'] === $id) {
				$userIds[] = $row['userId'];
			}
		}
		try {
			foreach ($userIds as $userId) {
				$this->manifests->refresh($target, $userId, true); // whole: whatever a stopped run left out
			}
			$this->drives->forTarget($target)->syncToDisk($userIds);
		} catch (\Throwable $e) {
			// unplugged meanwhile, or the drive failed: not safe to say anything; tried again next time
			$this->logger->warning('Mirror could not finish offline drive "' . $target->getName() . '": ' . $e->getMessage());
			return null;
		}
		if ($this->reader->openFor($id) > 0 || !$this->targets->markComplete($id, $presentSince, $now)) {
			return null; // new work arrived meanwhile, or another process finished it first
		}
		$this->notifications->notifyUpToDate($id, $now, $this->settings->recipients());
		$this->activity->driveUpToDate($id, $target->getName());
		$this->logger->info('Mirror offline drive "' . $target->getName() . '" is up to date: safe to unplug.');
		return self::CAUGHT_UP;
	}
}
