<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Status\TargetProblemMessages;
use OCA\Mirror\Status\TargetStateMessages;
use OCA\Mirror\Target\TargetService;
use OCP\IL10N;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class TargetAdd extends Base {
	public function __construct(
		private TargetService $targets,
		private TargetProblemMessages $problems,
		private TargetStateMessages $stateMessages,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:target:add')
			->setDescription('Add a mirror target: the mount point of a backup drive or NFS export')
			->addArgument('path', InputArgument::REQUIRED, 'Absolute path of the folder, e.g. /mnt/backup')
			->addOption('name', null, InputOption::VALUE_REQUIRED, 'A name for people (default: the folder name)')
			->addOption('force', null, InputOption::VALUE_NONE, 'Take over a folder that is the target of another Nextcloud')
			->addOption('offline-drive', null, InputOption::VALUE_NONE, 'A drive plugged in now and then: unplugged is its normal state, it catches up when plugged in; several may share one mount point')
			->addOption('read-back', null, InputOption::VALUE_REQUIRED, 'Read each copy back from the drive after writing it: auto (FUSE and removable drives), always or never', Target::READ_BACK_AUTO);
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$name = $input->getOption('name');
		try {
			$target = $this->targets->add((string)$input->getArgument('path'), is_string($name) ? $name : null, (bool)$input->getOption('force'), (bool)$input->getOption('offline-drive'), (string)$input->getOption('read-back'));
		} catch (InvalidTargetException $e) {
			$output->writeln('<error>' . $this->problems->message($e) . '</error>');
			return self::FAILURE;
		}
		if ($this->wantsJson($input)) {
			$state = $this->targets->state($target);
			$this->writeJson($input, $output, $target->jsonSerialize() + ['state' => $this->stateMessages->view($state, $target->getPath())]);
		} else {
			$output->writeln($this->l->t('Added mirror target %1$d "%2$s" at %3$s.', [$target->getId(), $target->getName(), $target->getPath()]));
			$output->writeln($this->l->t('Every file is queued for it; cron (or occ mirror:process) copies them.'));
			if ($target->isOfflineDrive()) {
				$output->writeln($this->l->t('It is an offline drive: Mirror tells the admins when it is safe to unplug, and it catches up whenever it is plugged in again.'));
			}
		}
		return self::SUCCESS;
	}
}
