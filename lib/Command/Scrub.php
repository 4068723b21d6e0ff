<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Health\ScrubSettings;
use OCA\Mirror\Replication\Scrubber;
use OCP\IL10N;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * The scheduled check's share now, as the cron job runs it (a pass that is due or under way,
 * throttled), for the given time: what it read, how fast, what it found.
 */
class Scrub extends Base {
	public function __construct(
		private Scrubber $scrubber,
		private ScrubSettings $settings,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:scrub')
			->setDescription('Run a share of the scheduled check now: re-read copies whose check is due or under way, throttled, and copy damaged ones again')
			->addOption('time-limit', 't', InputOption::VALUE_REQUIRED, 'Stop starting new copies after this many seconds (default: scrub_seconds_per_run)');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$limit = $input->getOption('time-limit');
		if ($limit !== null && (!is_numeric($limit) || (float)$limit <= 0)) {
			$output->writeln('<error>' . $this->l->t('--time-limit must be a number of seconds above 0.') . '</error>');
			return self::FAILURE;
		}
		$done = $this->scrubber->run(microtime(true) + ($limit === null ? $this->settings->secondsPerRun() : (float)$limit));
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, ['targets' => $done, 'bytesPerSecondLimit' => $this->settings->bytesPerSecond()]);
			return self::SUCCESS;
		}
		if ($done === []) {
			$output->writeln($this->l->t('No check is due or under way on a drive that is connected.'));
		}
		foreach ($done as $targetId => $d) {
			$words = [$targetId, $d['checked'], self::formatBytes($d['bytes']), sprintf('%.1f', $d['seconds']), $d['bad']];
			$output->writeln($d['finished']
				? $this->l->t('Target %1$d: %2$d copies checked (%3$s in %4$s s), %5$d damaged, every copy checked.', $words)
				: $this->l->t('Target %1$d: %2$d copies checked (%3$s in %4$s s), %5$d damaged, continued at the next run.', $words));
		}
		return self::SUCCESS;
	}
}
