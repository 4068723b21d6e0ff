<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Health\HealthStore;
use OCA\Mirror\Replication\Verifier;
use OCA\Mirror\Status\TargetStateMessages;
use OCA\Mirror\Target\TargetService;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IL10N;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class Verify extends Base {
	public function __construct(
		private Verifier $verifier,
		private TargetService $targets,
		private Owners $owners,
		private HealthStore $health,
		private ITimeFactory $time,
		private TargetStateMessages $stateMessages,
		private IL10N $l,
		private ActivityPublisher $activity,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:verify')
			->setDescription('Re-read mirror copies, compare them with the recorded checksums and re-queue bad ones')
			->addOption('target', null, InputOption::VALUE_REQUIRED, 'Only this target id')
			->addOption('user', 'u', InputOption::VALUE_REQUIRED, 'Only this user')
			->addOption('sample', null, InputOption::VALUE_REQUIRED, 'Check only this percentage of the copies, at random', '100');
		Owners::addGroupFolderOption($this);
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$sample = (string)$input->getOption('sample');
		if (!is_numeric($sample) || (float)$sample <= 0 || (float)$sample > 100) {
			$output->writeln('<error>' . $this->l->t('--sample must be a percentage between 0 (excluded) and 100.') . '</error>');
			return 2;
		}
		try {
			$targets = $this->selectTargets($input, $this->targets, $this->l);
		} catch (TargetNotFoundException|\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return 2;
		}
		try {
			$user = $this->owners->chosen($input);
		} catch (\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return 2;
		}
		$users = $user !== null ? [$user] : $this->owners->all();
		$json = $this->wantsJson($input);
		$totals = ['checked' => 0, 'ok' => 0, 'missing' => 0, 'mismatch' => 0, 'bytes' => 0];
		$problems = [];
		$offline = [];
		foreach ($targets as $target) {
			$damaged = 0;
			$checked = 0;
			$complete = true;
			foreach ($users as $uid) {
				try {
					$result = $this->verifier->verify($target, $uid, (float)$sample, function (string $status, string $userId, string $path, string $file) use (&$problems, $target, $json, $output): void {
						if ($status === 'ok') {
							return;
						}
						$problems[] = ['status' => $status, 'targetId' => $target->getId(), 'userId' => $userId, 'path' => $path, 'file' => $file];
						if (!$json) {
							$output->writeln(str_replace('_', ' ', $status) . ': ' . $file); // "different size: /mnt/…"
						}
					});
				} catch (TargetOfflineException $e) {
					$offline[$target->getId()] = $this->stateMessages->message($e->state);
					$complete = false;
					break;
				}
				foreach ($totals as $k => $v) {
					$totals[$k] = $v + $result[$k];
				}
				$damaged += $result['missing'] + $result['mismatch'];
				$checked += $result['checked'];
			}
			// damage is reported by the health check; only a complete verify says there is none
			if ($damaged > 0 || ($complete && $user === null && (float)$sample >= 100)) {
				$this->health->recordVerify((int)$target->getId(), $damaged, $this->time->getTime());
				$this->activity->verified((int)$target->getId(), $target->getName(), $checked, $damaged);
			}
		}
		if ($json) {
			$this->writeJson($input, $output, $totals + ['problems' => $problems, 'offlineTargets' => $offline]);
		} else {
			$output->writeln($this->l->t('%1$d copies checked (%2$s read): %3$d good, %4$d missing, %5$d different.', [$totals['checked'], self::formatBytes($totals['bytes']), $totals['ok'], $totals['missing'], $totals['mismatch']]));
			if ($problems !== []) {
				$output->writeln($this->l->t('The missing and different copies are queued to be copied again.'));
			}
			foreach ($offline as $id => $why) {
				$output->writeln('<comment>' . $this->l->t('Target %1$d not verified: %2$s', [$id, $why]) . '</comment>');
			}
		}
		return ($problems === [] && $offline === []) ? self::SUCCESS : self::FAILURE;
	}
}
