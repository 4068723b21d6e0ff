<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Source\External\ExternalStorageModes;
use OCP\IL10N;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class ExternalList extends Base {
	public function __construct(
		private ExternalStorageModes $modes,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:external:list')
			->setDescription('List the external storages (files_external), their size and whether Mirror copies them');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$rows = $this->modes->list();
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, $rows);
			return self::SUCCESS;
		}
		if ($rows === []) {
			$output->writeln($this->l->t('There are no external storages (or the External storage app is disabled).'));
			return self::SUCCESS;
		}
		$table = new Table($output);
		$table->setHeaders([$this->l->t('ID'), $this->l->t('Mount point'), $this->l->t('Type'), $this->l->t('Files'), $this->l->t('Size'), $this->l->t('Mirrored')]);
		foreach ($rows as $row) {
			$table->addRow([$row['id'], '/' . $row['mountPoint'], $row['backend'], $row['files'], self::formatBytes($row['bytes']), $this->mode($row['mode'], $row['owner'], $row['mountedFor'])]);
		}
		$table->render();
		$output->writeln($this->l->t('Files changed on an external storage behind Nextcloud\'s back fire no event: the reconcile job (every 6 hours, or occ mirror:resync) scans a mirrored storage and copies what changed.'));
		return self::SUCCESS;
	}

	private function mode(string $mode, ?string $owner, int $mountedFor): string {
		return match ($mode) {
			'shared' => $this->l->t('once, as "%s"', [(string)$owner]),
			'users' => $this->l->n('in the folder of each user it is mounted for (%n copy)', 'in the folder of each user it is mounted for (%n copies)', $mountedFor),
			default => $this->l->t('no'),
		};
	}
}
