<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Status\TargetProblemMessages;
use OCA\Mirror\Target\TargetService;
use OCP\IL10N;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * With several web servers: the drive is now plugged into another one (its host name).
 */
class TargetMoveNode extends Base {
	public function __construct(
		private TargetService $targets,
		private TargetProblemMessages $problems,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:target:move-node')
			->setDescription('Say which server (host name) the drive of a mirror target is plugged into: only that one copies to it and checks it')
			->addArgument('id', InputArgument::REQUIRED, 'Target id (see mirror:target:list)')
			->addArgument('node', InputArgument::REQUIRED, 'The host name of the server that holds the drive (`hostname` there)');
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		try {
			$target = $this->targets->moveNode($this->intArgument($input, 'id', $this->l), (string)$input->getArgument('node'));
		} catch (TargetNotFoundException|InvalidTargetException|\InvalidArgumentException $e) {
			$output->writeln('<error>' . match (true) {
				$e instanceof InvalidTargetException => $this->problems->message($e),
				$e instanceof TargetNotFoundException => $this->problems->notFound((int)$input->getArgument('id')),
				default => $e->getMessage(),
			} . '</error>');
			return self::FAILURE;
		}
		$output->writeln($this->l->t('Target %1$d "%2$s" is on server %3$s: only that server copies to it and checks it.', [$target->getId(), $target->getName(), (string)$target->getNode()]));
		return self::SUCCESS;
	}
}
