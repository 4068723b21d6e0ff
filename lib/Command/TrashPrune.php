<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Target\TargetService;
use OCA\Mirror\Trash\TrashService;
use OCP\IL10N;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class TrashPrune extends Base {
	public function __construct(
		private TrashService $trash,
		private TargetService $targets,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:trash:prune')
			->setDescription('Remove mirror trash older than the retention period (or --older-than days); the tripwire\'s held users are left alone')
			->addOption('older-than', null, InputOption::VALUE_REQUIRED, 'Days (default: the retention period, 90 unless set)')
			->addOption('target', null, InputOption::VALUE_REQUIRED, 'Only this target id')
			->addOption('dry-run', null, InputOption::VALUE_NONE, 'Only say what would go');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$days = $input->getOption('older-than');
		if ($days !== null && (!ctype_digit((string)$days) || (int)$days < 1)) {
			$output->writeln('<error>' . $this->l->t('--older-than must be a number of days, 1 or more.') . '</error>');
			return self::INVALID;
		}
		try {
			$targets = $this->selectTargets($input, $this->targets, $this->l);
		} catch (TargetNotFoundException|\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::INVALID;
		}
		$dryRun = (bool)$input->getOption('dry-run');
		$report = $this->trash->prune($targets, $days === null ? null : (int)$days, $dryRun);
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, $report + ['dryRun' => $dryRun]);
			return self::SUCCESS;
		}
		foreach ($report['targets'] as $t) {
			if (!$t['online']) {
				$output->writeln('<comment>' . $this->l->t('Target %1$d "%2$s" is offline: nothing pruned there.', [$t['targetId'], $t['name']]) . '</comment>');
				continue;
			}
			$bytes = array_sum(array_column($t['pruned'], 'bytes'));
			foreach ($t['pruned'] as $p) {
				$words = [$t['targetId'], $p['folder'], $p['day'], self::formatBytes($p['bytes'])];
				$output->writeln($dryRun
					? $this->l->t('would remove target %1$d: %2$s/%3$s (%4$s)', $words)
					: $this->l->t('removed target %1$d: %2$s/%3$s (%4$s)', $words));
			}
			$words = [$t['targetId'], $t['name'], count($t['pruned']), $report['cutoff'], self::formatBytes($bytes)];
			$output->writeln($dryRun
				? $this->l->t('Target %1$d "%2$s": %3$d dated folders from before %4$s would go, %5$s.', $words)
				: $this->l->t('Target %1$d "%2$s": %3$d dated folders from before %4$s removed, %5$s.', $words));
		}
		return self::SUCCESS;
	}
}
