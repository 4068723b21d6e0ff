<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Exception\InvalidRestoreException;
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Target\TargetService;
use OCP\AppFramework\Utility\ITimeFactory;
use Psr\Log\LoggerInterface;

/**
 * Runs one recorded restore in the background, with its progress kept in the database every few
 * files. One process at a time: the run is claimed, and the claim is renewed as files go by; a
 * claim not renewed for STALE_SECONDS belongs to a process that died, and the next try takes over.
 * A restore taken over starts again from the first file: what the first attempt restored is
 * found already there and skipped (RestoreService compares the bytes).
 */
class RestoreRunner {
	/** a claim not renewed for this long is a dead process's (a single file can take minutes) */
	public const STALE_SECONDS = 900;
	/** progress is written after this many files, or this many seconds, whichever comes first */
	public const SAVE_EVERY_FILES = 25;
	public const SAVE_EVERY_SECONDS = 5;
	/** the files that were not restored are kept, up to this many */
	public const ERRORS_KEPT = 20;

	public function __construct(
		private readonly RestoreService $restore,
		private readonly RestoreRunMapper $runs,
		private readonly TargetService $targets,
		private readonly ITimeFactory $time,
		private readonly LoggerInterface $logger,
		private readonly ThisNode $node,
		private readonly ActivityPublisher $activity,
	) {
	}

	/**
	 * @return bool whether the restore is over (done, failed or gone): false while another process runs it
	 */
	public function run(int $id): bool {
		if (!$this->runsHere($id)) {
			return false; // another server holds the drive: left untouched for its cron
		}
		$token = bin2hex(random_bytes(16));
		$now = $this->time->getTime();
		if (!$this->runs->claim($id, $token, $now, $now - self::STALE_SECONDS)) {
			$run = $this->runs->findById($id);
			return $run === null || $run->isFinished();
		}
		$run = $this->runs->findById($id);
		if ($run === null) {
			return true;
		}
		$run->setState(RestoreRun::RUNNING);
		$run->setAttempts($run->getAttempts() + 1);
		$run->setStartedAt($run->getStartedAt() ?? $now);
		$report = new RestoreReport(self::ERRORS_KEPT, true);
		$this->save($run, $report, null);
		try {
			$target = $this->targets->get($run->getTargetId());
			$run->setTotal($this->restore->count($target, $run->getUserId(), $run->getPath(), $run->getVersion()));
			$this->save($run, $report, null);
			$saved = ['files' => 0, 'at' => $now];
			$this->restore->restore($target, $run->getUserId(), $run->getPath(), $run->getVersion(), $run->getIntoPath(), self::mode($run->getMode()), false, $report,
				function (array $file) use ($run, $report, &$saved): void {
					$now = $this->time->getTime();
					if ($report->total() - $saved['files'] >= self::SAVE_EVERY_FILES || $now - $saved['at'] >= self::SAVE_EVERY_SECONDS) {
						$this->save($run, $report, $file['path']);
						$saved = ['files' => $report->total(), 'at' => $now];
					}
				});
			$run->setState(RestoreRun::DONE);
			$this->activity->restored($run->getUserId(), $target->getName(), $report->counts[RestoreReport::RESTORED]);
		} catch (TargetNotFoundException) {
			// the target was removed, the drive went away: said on the admin page, not retried
			$run->failWith(RestoreException::TARGET_GONE, ['targetId' => $run->getTargetId()]);
		} catch (TargetOfflineException $e) {
			$run->failWith(RestoreException::DRIVE_OFFLINE, ['reason' => (string)$e->state->reason, 'path' => $e->state->path]);
		} catch (InvalidRestoreException $e) {
			$run->failWith($e->reason, $e->params);
		} catch (\Throwable $e) {
			// the system's words, for admins (and the log)
			$run->failWith(RestoreException::FAILED, ['detail' => $e->getMessage()]);
			$this->logger->error('Restore ' . $id . ' failed: ' . $e->getMessage(), ['exception' => $e, 'app' => 'mirror']);
		}
		$run->setFinishedAt($this->time->getTime());
		$run->setClaimedBy(null);
		$this->save($run, $report, null);
		return true;
	}

	private function save(RestoreRun $run, RestoreReport $report, ?string $current): void {
		$run->setRestored($report->counts[RestoreReport::RESTORED]);
		$run->setSkipped($report->counts[RestoreReport::SKIPPED]);
		$run->setMismatched($report->counts[RestoreReport::MISMATCHED]);
		$run->setFailed($report->counts[RestoreReport::FAILED]);
		$run->setBytes($report->bytes);
		$run->setCurrentFile($current);
		$run->setProblems($report->files);
		$run->setHeartbeatAt($this->time->getTime());
		$this->runs->update($run);
	}

	/**
	 * @return RestoreService::MODE_*
	 */
	public static function mode(string $mode): string {
		return match ($mode) {
			RestoreService::MODE_OVERWRITE => RestoreService::MODE_OVERWRITE,
			RestoreService::MODE_SKIP => RestoreService::MODE_SKIP,
			default => RestoreService::MODE_NEW,
		};
	}

	/**
	 * @return 'restored'|'skipped'|'mismatched'|'failed'
	 */
	public static function result(string $result): string {
		return match ($result) {
			RestoreReport::RESTORED => RestoreReport::RESTORED,
			RestoreReport::SKIPPED => RestoreReport::SKIPPED,
			RestoreReport::MISMATCHED => RestoreReport::MISMATCHED,
			default => RestoreReport::FAILED,
		};
	}

	/**
	 * With several web servers, any node's cron may pick the job up; only the node that holds the
	 * target's drive can restore from it. Elsewhere the restore is not claimed, and not failed.
	 */
	private function runsHere(int $id): bool {
		$run = $this->runs->findById($id);
		if ($run === null || $run->isFinished()) {
			return true; // nothing to do, wherever
		}
		try {
			return $this->node->holds($this->targets->get($run->getTargetId()));
		} catch (TargetNotFoundException) {
			return true; // failed as a removed target, wherever
		}
	}
}
