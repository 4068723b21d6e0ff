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

class TripwireDisable extends Base {
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
		$this->setName('mirror:tripwire:disable')
			->setDescription('Switch the tripwire off for a user who reorganises everything, for a while')
			->addOption('user', 'u', InputOption::VALUE_REQUIRED, 'The user')
			->addOption('hours', null, InputOption::VALUE_REQUIRED, 'For this many hours (0: switch it on again now)', '24');
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		try {
			$user = $this->owners->chosen($input) ?? throw new \InvalidArgumentException($this->l->t('Give an existing user with --user, or --group-folder.'));
		} catch (\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::INVALID;
		}
		$hours = (string)$input->getOption('hours');
		if (!ctype_digit($hours) || (int)$hours > 24 * 90) {
			$output->writeln('<error>' . $this->l->t('--hours must be a number from 0 to 2160.') . '</error>');
			return self::INVALID;
		}
		$until = $this->tripwire->disable($user, (int)$hours);
		$output->writeln($until === 0 ? $this->l->t('The tripwire watches %s again.', [$user]) : $this->l->t('The tripwire is off for %1$s until %2$s.', [$user, date('Y-m-d H:i', $until)]));
		return self::SUCCESS;
	}
}
