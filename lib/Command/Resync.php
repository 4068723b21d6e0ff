<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Replication\Reconciler;
use OCA\Mirror\Replication\ReconcileReport;
use OCA\Mirror\Target\TargetService;
use OCP\IL10N;
use OCP\IUserManager;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class Resync extends Base {
	public function __construct(
		private Reconciler $reconciler,
		private TargetService $targets,
		private IUserManager $userManager,
		private Owners $owners,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:resync')
			->setDescription('Compare Nextcloud, the records and the drives, and queue every difference')
			->addOption('user', 'u', InputOption::VALUE_REQUIRED | InputOption::VALUE_IS_ARRAY, 'Only this user (repeatable)')
			->addOption('target', null, InputOption::VALUE_REQUIRED, 'Only this target id')
			->addOption('path', 'p', InputOption::VALUE_REQUIRED, 'Only this folder inside the users\' files', '')
			->addOption('dry-run', null, InputOption::VALUE_NONE, 'Only report; queue nothing');
		Owners::addGroupFolderOption($this);
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		try {
			$targets = $this->selectTargets($input, $this->targets, $this->l);
			$users = $this->selectUsers($input);
		} catch (TargetNotFoundException|\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::FAILURE;
		}
		$dryRun = (bool)$input->getOption('dry-run');
		$path = (string)$input->getOption('path');
		if (preg_match('#(^|/)\.\.(/|$)#', $path) === 1 || str_contains($path, "\0")) {
			$output->writeln('<error>' . $this->l->t('--path must name a folder inside the users\' files (no "..")') . '</error>');
			return self::INVALID;
		}
		$total = new ReconcileReport();
		$notChecked = [];
		foreach ($targets as $target) {
			foreach ($users as $userId) {
				$report = $this->reconciler->reconcileUser($target, $userId, $path, true, $dryRun);
				if (!$report->mirrorChecked) {
					$notChecked[$target->getId()] = $target->getName();
				}
				$total->merge($report);
			}
		}
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, $total->jsonSerialize() + ['dryRun' => $dryRun, 'targetsNotChecked' => array_keys($notChecked)]);
			return self::SUCCESS;
		}
		foreach ($total->differences as $d) {
			$output->writeln(sprintf('%-15s target %d  %s/%s', $d['reason'], $d['targetId'], $d['userId'], $d['path']));
		}
		$output->writeln(sprintf(
			'%d files compared: %d never copied, %d changed, %d moved, %d deleted, %d missing on the drive, %d changed on the drive.',
			$total->files, $total->missing, $total->changed, $total->moved, $total->deleted, $total->mirrorMissing, $total->mirrorChanged,
		));
		foreach ($notChecked as $id => $name) {
			$output->writeln('<comment>' . $this->l->t('Target %1$d "%2$s" is offline: the copies on it were not checked.', [$id, $name]) . '</comment>');
		}
		$output->writeln($dryRun ? $this->l->t('Dry run: nothing was queued.') : $this->l->n('%n difference queued; cron (or occ mirror:process) copies it.', '%n differences queued; cron (or occ mirror:process) copies them.', $total->total()));
		return self::SUCCESS;
	}

	/**
	 * @return list<string>
	 */
	private function selectUsers(InputInterface $input): array {
		/** @var list<string> $wanted */
		$wanted = (array)$input->getOption('user');
		$groupFolder = $input->getOption('group-folder');
		if ($groupFolder !== null) {
			if ($wanted !== []) {
				throw new \InvalidArgumentException($this->l->t('--user and --group-folder exclude each other.'));
			}
			return [$this->owners->groupFolder((string)$groupFolder)];
		}
		if ($wanted !== []) {
			foreach ($wanted as $uid) {
				if (!$this->userManager->userExists($uid)) {
					throw new \InvalidArgumentException($this->l->t('There is no user "%s".', [$uid]));
				}
			}
			return array_values($wanted);
		}
		return $this->owners->all(); // every user and every group folder
	}
}
