<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Db\QueueItem;
use OCA\Mirror\Service\QueueProcessor;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class Process extends Base {
	public function __construct(
		private QueueProcessor $processor,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:process')
			->setDescription('Copy queued files to the mirror targets now, in the foreground')
			->addOption('time-limit', 't', InputOption::VALUE_REQUIRED, 'Stop starting new work after this many seconds', '3600');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$limit = (string)$input->getOption('time-limit');
		if (!is_numeric($limit) || (float)$limit <= 0) {
			$output->writeln('<error>--time-limit must be a positive number of seconds.</error>');
			return self::FAILURE;
		}
		$json = $this->wantsJson($input);
		$progress = $json ? null : new ProgressBar($output);
		$progress?->setFormat(' %current% items [%bar%] %elapsed:6s% %message%');
		$progress?->setMessage('');
		$progress?->start();
		$errors = [];
		$result = $this->processor->run((float)$limit, function (QueueItem $item, ?string $error) use ($progress, &$errors): void {
			$progress?->setMessage($error === null ? '' : 'failed: ' . $error);
			$progress?->advance();
			if ($error !== null) {
				$errors[] = $item->getUserId() . ' #' . $item->getFileId() . ': ' . $error;
			}
		});
		$progress?->finish();
		if ($json) {
			$this->writeJson($input, $output, $result->jsonSerialize() + ['errors' => $errors]);
			return self::SUCCESS;
		}
		$output->writeln('');
		$output->writeln(sprintf('Done: %d, failed: %d, waiting for an offline target: %d%s', $result->done, $result->failed, $result->deferred, $result->timedOut ? ' (time limit reached, more is queued)' : ''));
		foreach ($errors as $error) {
			$output->writeln('<comment>  ' . $error . '</comment>');
		}
		foreach ($result->offlineTargets as $id => $why) {
			$output->writeln('<comment>Target ' . $id . ' skipped: ' . $why . '</comment>');
		}
		return self::SUCCESS;
	}
}
