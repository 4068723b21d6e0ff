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

class TargetRemove extends Base {
	public function __construct(
		private TargetService $targets,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:target:remove')
			->setDescription('Forget a mirror target (the data on the drive stays)')
			->addArgument('id', InputArgument::REQUIRED, 'Target id (see mirror:target:list)');
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		try {
			$target = $this->targets->remove($this->intArgument($input, 'id'));
		} catch (TargetNotFoundException|\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::FAILURE;
		}
		$output->writeln('Removed mirror target ' . $target->getId() . ' "' . $target->getName() . '". The files on ' . $target->getPath() . ' were left untouched.');
		return self::SUCCESS;
	}
}
