<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Tripwire\TripwireControl;
use OCP\IL10N;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class TripwireRelease extends Base {
	public function __construct(
		private TripwireControl $tripwire,
		private Owners $owners,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		Owners::addGroupFolderOption($this);
		$this->setName('mirror:tripwire:release')
			->setDescription('End the tripwire\'s hold of a user: apply the held changes to the mirror, or --discard them')
			->addOption('user', 'u', InputOption::VALUE_REQUIRED, 'The user whose changes are held')
			->addOption('discard', null, InputOption::VALUE_NONE, 'Drop the held changes: the mirror keeps the last good copies');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		try {
			$user = $this->owners->chosen($input) ?? throw new \InvalidArgumentException($this->l->t('Give an existing user with --user, or --group-folder.'));
		} catch (\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::INVALID;
		}
		$discard = (bool)$input->getOption('discard');
		$result = $this->tripwire->release($user, $discard);
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, $result + ['discarded' => $discard]);
			return self::SUCCESS;
		}
		if (!$result['released'] && $result['changes'] === 0) {
			$output->writeln($this->l->t('The tripwire does not hold %s.', [$user]));
			return self::SUCCESS;
		}
		$output->writeln($discard
			? $this->l->t('Released %1$s: %2$d held changes dropped; the mirror keeps the last good copies.', [$user, $result['changes']])
			: $this->l->t('Released %1$s: %2$d held changes are applied by the next run.', [$user, $result['changes']]));
		return self::SUCCESS;
	}
}
