<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\RestoreNotFoundException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Exception\UserNotFoundException;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Target\TargetService;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * Restores asked for on the admin page: a preview (a dry run of the first files, right away), or a
 * restore recorded and handed to a background job (through RestoreScheduler; the job runs RestoreRunner), and its progress.
 *
 * @psalm-import-type MirrorRestore from ResponseDefinitions
 * @psalm-import-type MirrorRestorePreview from ResponseDefinitions
 * @psalm-import-type MirrorRestoreFile from ResponseDefinitions
 * @psalm-import-type RestoredFile from RestoreReport
 */
class RestoreJobs {
	/** a preview reads at most this many files from the drive (each one hashed) */
	public const PREVIEW_FILES = 50;
	/** and stops after this many seconds, whatever it got to */
	public const PREVIEW_SECONDS = 15;
	public const RECENT = 20;

	public function __construct(
		private readonly RestoreService $restore,
		private readonly RestoreRunMapper $runs,
		private readonly TargetService $targets,
		private readonly TrashEntryMapper $trash,
		private readonly SourceResolver $resolver,
		private readonly RestoreScheduler $scheduler,
		private readonly ITimeFactory $time,
		private readonly RestoreMessages $messages,
	) {
	}

	/**
	 * A dry run of the first files: what would happen to each (every one read and checked against
	 * its sha256), and how many files the restore would look at in all.
	 *
	 * @return MirrorRestorePreview
	 * @throws UserNotFoundException|TargetNotFoundException|TargetOfflineException
	 */
	public function preview(RestoreRequest $request): array {
		$target = $this->check($request);
		$total = $this->restore->count($target, $request->userId, $request->path, $request->version);
		$report = new RestoreReport(self::PREVIEW_FILES);
		$until = $this->time->getTime() + self::PREVIEW_SECONDS;
		$finished = $this->restore->restore($target, $request->userId, $request->path, $request->version, $request->into, $request->mode, true, $report,
			fn (): bool => $report->total() < self::PREVIEW_FILES && $this->time->getTime() < $until);
		return [
			'total' => $total,
			'checked' => $report->total(),
			// stopped right after the last file is complete too
			'complete' => $finished || $report->total() >= $total,
			'restored' => $report->counts[RestoreReport::RESTORED],
			'skipped' => $report->counts[RestoreReport::SKIPPED],
			'mismatched' => $report->counts[RestoreReport::MISMATCHED],
			'failed' => $report->counts[RestoreReport::FAILED],
			'bytes' => $report->bytes,
			'files' => $this->files($report->files),
		];
	}

	/**
	 * Records the restore and schedules the background job that runs it (not while the drive is
	 * unavailable: the job would only fail).
	 *
	 * @return MirrorRestore
	 * @throws UserNotFoundException|TargetNotFoundException|TargetOfflineException
	 */
	public function start(RestoreRequest $request, string $requestedBy): array {
		$this->check($request);
		$run = new RestoreRun();
		$run->setUserId($request->userId);
		$run->setTargetId($request->targetId);
		$run->setPath($request->path);
		$run->setVersion($request->version);
		$run->setIntoPath($request->into);
		$run->setMode($request->mode);
		$run->setState(RestoreRun::QUEUED);
		$run->setRequestedBy($requestedBy);
		$run->setCreatedAt($this->time->getTime());
		$run = $this->runs->insert($run);
		$this->scheduler->schedule((int)$run->getId());
		return $this->view($run);
	}

	/**
	 * @return MirrorRestore
	 * @throws RestoreNotFoundException
	 */
	public function get(int $id): array {
		$run = $this->runs->findById($id);
		if ($run === null) {
			throw new RestoreNotFoundException('There is no restore with id ' . $id . '.');
		}
		return $this->view($run);
	}

	/**
	 * @return list<MirrorRestore> the latest restores, newest first
	 */
	public function recent(): array {
		return array_map($this->view(...), $this->runs->findRecent(self::RECENT));
	}

	/**
	 * The days of which the target's trash holds files of the user (what "trash:DAY" can restore).
	 *
	 * @return list<array{day: string, entries: int, bytes: int}> newest first
	 * @throws UserNotFoundException|TargetNotFoundException
	 */
	public function trashDays(string $userId, int $targetId): array {
		$this->assertUser($userId);
		$this->targets->get($targetId);
		$days = [];
		foreach ($this->trash->summarizeDays($targetId) as $day) {
			if ($day['userId'] === $userId) {
				$days[] = ['day' => $day['day'], 'entries' => $day['entries'], 'bytes' => $day['bytes']];
			}
		}
		usort($days, static fn (array $a, array $b): int => strcmp($b['day'], $a['day']));
		return $days;
	}

	/**
	 * @throws UserNotFoundException|TargetNotFoundException|TargetOfflineException
	 */
	private function check(RestoreRequest $request): Target {
		$this->assertUser($request->userId);
		$target = $this->targets->get($request->targetId);
		$state = $this->targets->state($target);
		if (!$state->online) {
			throw new TargetOfflineException($state);
		}
		return $target;
	}

	/**
	 * @throws UserNotFoundException
	 */
	private function assertUser(string $userId): void {
		if ($userId === '' || !$this->resolver->userExists($userId)) { // a user, or a group folder's owner id
			throw new UserNotFoundException('There is no user "' . $userId . '".');
		}
	}

	/**
	 * The files with why in words, and as the code and parameters they were recorded with (params only
	 * when there are some: an empty one would be a JSON list, not an object).
	 *
	 * @param list<RestoredFile> $files
	 * @return list<MirrorRestoreFile>
	 */
	private function files(array $files): array {
		return array_map(fn (array $f): array => [
			'path' => $f['path'],
			'to' => $f['to'],
			'result' => RestoreRunner::result($f['result']),
			'why' => $this->messages->file($f['code'], $f['params']),
			'code' => $f['code'],
		] + ($f['params'] === [] ? [] : ['params' => $f['params']]), $files);
	}

	/**
	 * @return MirrorRestore
	 */
	public function view(RestoreRun $run): array {
		$failure = $run->failure();
		$state = $run->getState();
		$view = [
			'id' => (int)$run->getId(),
			'userId' => $run->getUserId(),
			'targetId' => $run->getTargetId(),
			'path' => $run->getPath(),
			'version' => $run->getVersion(),
			'into' => $run->getIntoPath(),
			'mode' => RestoreRunner::mode($run->getMode()),
			'state' => in_array($state, [RestoreRun::RUNNING, RestoreRun::DONE, RestoreRun::FAILED], true) ? $state : RestoreRun::QUEUED,
			'total' => $run->getTotal(),
			'restored' => $run->getRestored(),
			'skipped' => $run->getSkipped(),
			'mismatched' => $run->getMismatched(),
			'failed' => $run->getFailed(),
			'bytes' => $run->getBytes(),
			'currentFile' => $run->getCurrentFile(),
			'errors' => $this->files($run->problems()),
			'message' => $failure === null ? null : $this->messages->run($failure['code'], $failure['params']),
			'code' => $failure['code'] ?? null,
			'attempts' => $run->getAttempts(),
			'createdAt' => $run->getCreatedAt(),
			'startedAt' => $run->getStartedAt(),
			'finishedAt' => $run->getFinishedAt(),
		];
		if ($failure !== null && $failure['params'] !== []) {
			$view['params'] = $failure['params'];
		}
		return $view;
	}
}
