<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Replication\SecondWorker;
use OCA\Mirror\Replication\Worker;
use OCA\Mirror\Status\TargetStateMessages;
use OCA\Mirror\Target\OfflineDrives;
use OCP\IL10N;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class Process extends Base {
	/** seconds of work before the watcher looks at signals and the targets again */
	private const WATCH_ROUND = 60.0;
	private const MIN_IDLE = 0.25;
	private const MAX_IDLE = 2.0;
	/** seconds between two looks at the offline drives while watching */
	private const OFFLINE_DRIVES_EVERY = 5.0;
	/** set by SIGTERM or SIGINT while watching */
	private bool $stopRequested = false;

	public function __construct(
		private Worker $processor,
		private OfflineDrives $offlineDrives,
		private TargetStateMessages $stateMessages,
		private IL10N $l,
		private SecondWorker $second,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:process')
			->setDescription('Copy queued files to the mirror targets now, in the foreground')
			->addOption('time-limit', 't', InputOption::VALUE_REQUIRED, 'Stop starting new work after this many seconds', '3600')
			->addOption('watch', 'w', InputOption::VALUE_NONE, 'Keep running: copy new work within seconds, wait cheaply while there is none, stop cleanly on SIGTERM or Ctrl-C (ignores --time-limit)')
			->addOption('second', null, InputOption::VALUE_NONE, 'Run as the second worker that another mirror:process started beside itself: no second worker of its own, the offline drives left to the first');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$limit = (string)$input->getOption('time-limit');
		if (!is_numeric($limit) || (float)$limit <= 0) {
			$output->writeln('<error>' . $this->l->t('--time-limit must be a positive number of seconds.') . '</error>');
			return self::FAILURE;
		}
		if ((bool)$input->getOption('watch')) {
			return $this->watch($output);
		}
		if ((bool)$input->getOption('second')) {
			return $this->second($input, $output, (float)$limit);
		}
		$json = $this->wantsJson($input);
		// an offline drive just plugged in is caught up by this run, and told safe to unplug after it
		$events = $this->offlineDrives->poll();
		$progress = $json ? null : new ProgressBar($output);
		$progress?->setFormat(' %current% items [%bar%] %elapsed:6s% %message%');
		$progress?->setMessage('');
		$progress?->start();
		$errors = [];
		// with much to copy and an idle core, a second worker joins this run (SecondWorker)
		$this->second->begin((float)$limit);
		$result = $this->processor->run((float)$limit, function (QueueItem $item, ?string $error) use ($progress, &$errors): void {
			$progress?->setMessage($error === null ? '' : 'failed: ' . $error);
			$progress?->advance();
			if ($error !== null) {
				$errors[] = $item->getUserId() . ' #' . $item->getFileId() . ': ' . $error;
			}
			$this->second->consider();
		});
		// its copies count in this run, and the drives are told safe to unplug only once it is done
		$other = $this->second->finish();
		if ($other !== null) {
			$result->add($other);
			$errors = [...$errors, ...array_filter(is_array($other['errors'] ?? null) ? $other['errors'] : [], 'is_string')];
		}
		$progress?->finish();
		$events = $this->offlineDrives->poll() + $events;
		if ($json) {
			$offline = array_map(fn ($state): string => $this->stateMessages->message($state), $result->offlineTargets);
			$this->writeJson($input, $output, array_replace($result->jsonSerialize(), ['offlineTargets' => $offline]) + ['errors' => $errors, 'offlineDrives' => (object)$events]);
			return self::SUCCESS;
		}
		$output->writeln('');
		$counts = [$result->done, $result->failed, $result->deferred];
		$output->writeln($result->timedOut
			? $this->l->t('Done: %1$d, failed: %2$d, waiting for an offline target: %3$d (time limit reached, more is queued)', $counts)
			: $this->l->t('Done: %1$d, failed: %2$d, waiting for an offline target: %3$d', $counts));
		foreach ($errors as $error) {
			$output->writeln('<comment>  ' . $error . '</comment>');
		}
		foreach ($result->offlineTargets as $id => $state) {
			$output->writeln('<comment>' . $this->l->t('Target %1$d skipped: %2$s', [$id, $this->stateMessages->message($state)]) . '</comment>');
		}
		foreach ($events as $targetId => $event) {
			$output->writeln($this->l->t('Offline drive %1$d: %2$s', [$targetId, $this->eventWords($event)]));
		}
		return self::SUCCESS;
	}

	/**
	 * The second worker of a run (SecondWorker): copies as the first does, and tells it in JSON what it
	 * did, the reason codes of the targets it found offline as they are. The offline drives are the
	 * first one's: it polls them once both are done.
	 */
	private function second(InputInterface $input, OutputInterface $output, float $limit): int {
		$errors = [];
		$result = $this->processor->run($limit, static function (QueueItem $item, ?string $error) use (&$errors): void {
			if ($error !== null) {
				$errors[] = $item->getUserId() . ' #' . $item->getFileId() . ': ' . $error;
			}
		});
		$this->writeJson($input, $output, $result->jsonSerialize() + ['errors' => $errors]);
		return self::SUCCESS;
	}

	/**
	 * A long-running worker (see the systemd unit in the README). While there is work it copies;
	 * while there is none it sleeps, a little longer each time up to MAX_IDLE, so a new upload is
	 * picked up within seconds and an idle queue costs one cheap look every couple of seconds.
	 */
	private function watch(OutputInterface $output): int {
		$this->stopRequested = false;
		if (function_exists('pcntl_async_signals')) {
			pcntl_async_signals(true);
			$onSignal = function (): void {
				$this->stopRequested = true;
			};
			pcntl_signal(SIGTERM, $onSignal);
			pcntl_signal(SIGINT, $onSignal);
		}
		$shouldStop = fn (): bool => $this->stopRequested;
		$output->writeln($this->l->t('Watching the mirror queue; stop with SIGTERM or Ctrl-C.'));
		$idle = self::MIN_IDLE;
		$lookedAt = 0.0;
		while (!$shouldStop()) {
			if (microtime(true) - $lookedAt >= self::OFFLINE_DRIVES_EVERY) {
				// an offline drive plugged in starts catching up within seconds, not at the next cron run
				$lookedAt = microtime(true);
				$this->reportOfflineDrives($output);
			}
			$result = $this->processor->run(self::WATCH_ROUND, null, $shouldStop);
			if ($result->done + $result->failed > 0) {
				$output->writeln(sprintf('[%s] done: %d, failed: %d, waiting for an offline target: %d', date('c'), $result->done, $result->failed, $result->deferred));
				$idle = self::MIN_IDLE;
				$lookedAt = 0.0; // work was done: an offline drive may have just caught up
				continue;
			}
			// sleep in short slices, so that a signal ends the wait at once
			for ($slept = 0.0; $slept < $idle && !$shouldStop(); $slept += 0.1) {
				usleep(100_000);
			}
			$idle = min(self::MAX_IDLE, $idle * 2);
		}
		$output->writeln($this->l->t('Stopped.'));
		return self::SUCCESS;
	}

	private function reportOfflineDrives(OutputInterface $output): void {
		try {
			$events = $this->offlineDrives->poll();
		} catch (\Throwable $e) {
			$output->writeln(sprintf('[%s] <error>looking at the offline drives failed: %s</error>', date('c'), $e->getMessage()));
			return;
		}
		foreach ($events as $targetId => $event) {
			$output->writeln(sprintf('[%s] offline drive %d: %s', date('c'), $targetId, $this->eventWords($event)));
		}
	}

	/** What an offline drive just did, in the reader's language. */
	private function eventWords(string $event): string {
		return match ($event) {
			OfflineDrives::CAME_BACK => $this->l->t('plugged in, catching up'),
			OfflineDrives::CAUGHT_UP => $this->l->t('up to date, safe to unplug'),
			default => $this->l->t('unplugged, resting'),
		};
	}
}
