<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Target\TargetService;
use OCP\IL10N;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class TargetEnable extends Base {
	public function __construct(
		private TargetService $targets,
		private IL10N $l,
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
		$id = $this->targetIdArgument($input, $output, $this->l);
		if ($id === null) {
			return self::FAILURE;
		}
		try {
			$target = $this->targets->setEnabled($id, true);
		} catch (TargetNotFoundException) {
			return self::noSuchTarget($output, $this->l, $id);
		}
		$output->writeln($this->l->t('Target %1$d "%2$s" is enabled.', [$target->getId(), $target->getName()]));
		return self::SUCCESS;
	}
}
