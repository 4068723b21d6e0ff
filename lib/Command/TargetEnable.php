<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Target\TargetService;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class TargetEnable extends Base {
	public function __construct(
		private TargetService $targets,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:target:enable')
			->setDescription('Enable a mirror target (queues everything for it)')
			->addArgument('id', InputArgument::REQUIRED, 'Target id (see mirror:target:list)');
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		try {
			$target = $this->targets->setEnabled($this->intArgument($input, 'id'), true);
		} catch (TargetNotFoundException|\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::FAILURE;
		}
		$output->writeln('Target ' . $target->getId() . ' "' . $target->getName() . '" is enabled.');
		return self::SUCCESS;
	}
}
