<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Drive\Exports\Export;
use OCA\Mirror\Drive\Exports\WritableExports;
use OCA\Mirror\Status\Coverage\CoverageReport;
use OCA\Mirror\Status\StatusService;
use OCP\IL10N;
use OCP\IUserManager;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class Status extends Base {
	public function __construct(
		private StatusService $status,
		private IUserManager $userManager,
		private WritableExports $exports,
		private IL10N $l,
		private CoverageReport $coverage,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:status')
			->setDescription('Show each target\'s state and each user\'s replication status')
			->addOption('user', 'u', InputOption::VALUE_REQUIRED | InputOption::VALUE_IS_ARRAY, 'Only this user (repeatable)')
			->addOption('coverage', null, InputOption::VALUE_NONE, 'What the mirror covers: per user, files and bytes mirrored, left out (and why) and not copied');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		/** @var list<string> $wanted */
		$wanted = array_values((array)$input->getOption('user'));
		foreach ($wanted as $uid) {
			if (!$this->userManager->userExists($uid)) {
				$output->writeln('<error>' . $this->l->t('There is no user "%s".', [$uid]) . '</error>');
				return self::FAILURE;
			}
		}
		if ($input->getOption('coverage')) {
			return $this->coverage($input, $output, $wanted);
		}
		$targets = $this->status->targets();
		$users = $this->status->users($wanted === [] ? null : $wanted);
		$exported = [];
		foreach ($targets as $t) {
			$found = $this->exports->over($t['path']);
			if ($found !== []) {
				$exported[$t['id']] = $found;
			}
		}
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, ['targets' => $targets, 'users' => $users, 'exportedReadWrite' => array_map(
				static fn (array $found): array => array_map(static fn (Export $e): array => ['kind' => $e->kind, 'file' => $e->file, 'entry' => $e->entry, 'fix' => $e->fix], $found),
				$exported)]);
			return self::SUCCESS;
		}
		if ($targets === []) {
			$output->writeln($this->l->t('No mirror target yet. Add one with: occ mirror:target:add /mnt/backup'));
			return self::SUCCESS;
		}
		$table = new Table($output);
		$table->setHeaders([$this->l->t('Target'), $this->l->t('Name'), $this->l->t('Server'), $this->l->t('State'), $this->l->t('Free'), $this->l->t('Total'), $this->l->t('Filesystem'), $this->l->t('Pending'), $this->l->t('Failed'), $this->l->t('Last copy')]);
		foreach ($targets as $t) {
			$state = $t['state'];
			$table->addRow([
				$t['id'], $t['name'], self::formatNode($t['node']),
				self::formatState($t, 'OFFLINE'),
				self::formatBytes($state['freeBytes']), self::formatBytes($state['totalBytes']), self::formatFilesystem($state['filesystem']),
				$t['pending'], $t['failed'], self::formatTime($t['lastReplicatedAt']),
			]);
		}
		$table->render();
		foreach ($exported as $id => $found) {
			$over = in_array(Export::SAMBA, array_map(static fn (Export $e): string => $e->kind, $found), true)
				? (in_array(Export::NFS, array_map(static fn (Export $e): string => $e->kind, $found), true) ? 'NFS and Samba' : 'Samba') : 'NFS';
			$output->writeln('<comment>' . $this->l->t('Target %1$d is exported read-write over %2$s (%3$s): anyone on the network who can write to the export can change or delete the backup. Export it read-only: %4$s, then exportfs -ra or smbcontrol all reload-config.', [
				$id, $over, implode('; ', array_map(static fn (Export $e): string => $e->file . ': ' . $e->entry, $found)),
				implode('; ', array_map(static fn (Export $e): string => $e->file . ': ' . $e->fix, $found))]) . '</comment>');
		}
		foreach ($targets as $t) {
			if ($t['unsafeLinks'] > 0) {
				$output->writeln('<error>' . $this->l->t('Target %1$d: %2$d file(s) blocked by symbolic links on the drive. Mirror never follows links there; someone who can write to the drive put them there. See occ mirror:status --output=json or the admin page for the failures.', [$t['id'], $t['unsafeLinks']]) . '</error>');
			}
		}
		$table = new Table($output);
		$table->setHeaders([$this->l->t('User'), $this->l->t('Target'), $this->l->t('Files'), $this->l->t('Replicated'), $this->l->t('Pending'), $this->l->t('Failed'), $this->l->t('Bytes'), $this->l->t('Last copy')]);
		foreach ($users as $u) {
			$table->addRow([$u['folder'] === $u['userId'] ? $u['userId'] : $u['userId'] . ' (folder ' . $u['folder'] . ')', $u['targetId'], $u['files'], $u['replicated'], $u['pending'], $u['failed'], self::formatBytes($u['bytes']), self::formatTime($u['lastReplicatedAt'])]);
		}
		$table->render();
		return self::SUCCESS;
	}

	/**
	 * @param list<string> $wanted only these users (none: all)
	 */
	private function coverage(InputInterface $input, OutputInterface $output, array $wanted): int {
		$report = $this->coverage->report();
		if ($wanted !== []) {
			$report['rows'] = array_values(array_filter($report['rows'], static fn (array $row): bool => $row['kind'] !== 'user' || in_array($row['id'], $wanted, true)));
		}
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, $report);
			return self::SUCCESS;
		}
		$count = static fn (array $c): string => $c['files'] . ' (' . self::formatBytes($c['bytes']) . ')';
		$table = new Table($output);
		$table->setHeaders([$this->l->t('Kind'), $this->l->t('Name'), $this->l->t('Covered'), $this->l->t('In Nextcloud'), $this->l->t('Left out'), $this->l->t('Why'), $this->l->t('Target'), $this->l->t('Mirrored'), $this->l->t('To trash at reconcile'), $this->l->t('Not copied')]);
		foreach ($report['rows'] as $row) {
			$why = [];
			$leftOut = ['files' => 0, 'bytes' => 0];
			foreach ($row['leftOut'] as $reason => $c) {
				if ($c['files'] > 0) {
					$why[] = $reason . ' ' . $c['files'];
					$leftOut['files'] += $c['files'];
					$leftOut['bytes'] += $c['bytes'];
				}
			}
			$head = [$row['kind'], $row['name'] === $row['id'] ? $row['id'] : $row['id'] . ' (' . $row['name'] . ')', $row['covered'] ? 'yes' : 'NO', $count($row['total']), $count($leftOut), implode(', ', $why)];
			if ($row['targets'] === []) {
				$table->addRow([...$head, '-', '-', '-', '-']);
			}
			foreach ($row['targets'] as $t) {
				$table->addRow([...$head, $t['targetId'] . ' ' . $t['targetName'], $count($t['mirrored']), $count($t['toTrash']), $count($t['notCopied'])]);
				$head = ['', '', '', '', '', ''];
			}
		}
		$table->render();
		foreach ($report['toTrash'] as $t) {
			if ($t['files'] > 0) {
				$output->writeln('<comment>' . $this->l->t('Target %1$d (%2$s): %3$d copies (%4$s) are left out now and move to the mirror trash at the next reconcile.', [$t['targetId'], $t['targetName'], $t['files'], self::formatBytes($t['bytes'])]) . '</comment>');
			}
		}
		return self::SUCCESS;
	}
}
