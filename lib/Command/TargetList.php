<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Status\OfflineDrivePhase;
use OCA\Mirror\Status\TargetStateMessages;
use OCA\Mirror\Target\TargetService;
use OCP\IL10N;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class TargetList extends Base {
	public function __construct(
		private TargetService $targets,
		private TargetStateMessages $stateMessages,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:target:list')
			->setDescription('List the mirror targets and whether each is online');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$rows = [];
		foreach ($this->targets->findAll() as $target) {
			$state = $this->targets->state($target);
			// the state's words from its reason, in the reader's language
			$rows[] = $target->jsonSerialize() + ['offlineDrivePhase' => OfflineDrivePhase::of($target), 'state' => $this->stateMessages->view($state, $target->getPath())];
		}
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, $rows);
			return self::SUCCESS;
		}
		if ($rows === []) {
			$output->writeln($this->l->t('No mirror target yet. Add one with: occ mirror:target:add /mnt/backup'));
			return self::SUCCESS;
		}
		$table = new Table($output);
		$table->setHeaders([$this->l->t('ID'), $this->l->t('Name'), $this->l->t('Path'), $this->l->t('Server'), $this->l->t('Enabled'), $this->l->t('State'), $this->l->t('Free'), $this->l->t('Total'), $this->l->t('Filesystem'), $this->l->t('Encrypted')]);
		foreach ($rows as $row) {
			$state = $row['state'];
			$table->addRow([
				$row['id'], $row['name'], $row['path'], self::formatNode($row['node']), $row['enabled'] ? 'yes' : 'no',
				self::formatState($row),
				self::formatBytes($state['freeBytes']), self::formatBytes($state['totalBytes']),
				self::formatFilesystem($state['filesystem']),
				$this->formatEncrypted($state['encrypted']),
			]);
		}
		$table->render();
		return self::SUCCESS;
	}

	/** Whether the drive is a dm-crypt block device; not known for FUSE, NFS or an offline drive. */
	private function formatEncrypted(?bool $encrypted): string {
		return match ($encrypted) {
			true => $this->l->t('yes (LUKS)'),
			false => $this->l->t('no'),
			null => $this->l->t('unknown'),
		};
	}
}
