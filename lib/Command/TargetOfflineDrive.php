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

class TargetOfflineDrive extends Base {
	public function __construct(
		private TargetService $targets,
		private TargetProblemMessages $problems,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:target:offline-drive')
			->setDescription('Mark a mirror target as an offline drive (plugged in now and then), or as an ordinary one')
			->addArgument('id', InputArgument::REQUIRED, 'Target id (see mirror:target:list)')
			->addArgument('mark', InputArgument::REQUIRED, 'on: an offline drive; off: an ordinary target');
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$mark = (string)$input->getArgument('mark');
		if (!in_array($mark, ['on', 'off'], true)) {
			$output->writeln('<error>' . $this->l->t('The mark must be on or off.') . '</error>');
			return self::FAILURE;
		}
		$id = $this->targetIdArgument($input, $output, $this->l);
		if ($id === null) {
			return self::FAILURE;
		}
		try {
			$target = $this->targets->setOfflineDrive($id, $mark === 'on');
		} catch (TargetNotFoundException) {
			return self::noSuchTarget($output, $this->l, $id);
		} catch (InvalidTargetException $e) {
			$output->writeln('<error>' . $this->problems->message($e) . '</error>');
			return self::FAILURE;
		}
		$output->writeln($target->isOfflineDrive()
			? $this->l->t('Target %1$d "%2$s" is an offline drive: unplugged is no alarm, and it catches up whenever it is plugged in.', [$target->getId(), $target->getName()])
			: $this->l->t('Target %1$d "%2$s" is an ordinary target again: everything is queued for it.', [$target->getId(), $target->getName()]));
		return self::SUCCESS;
	}
}
