<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Source\External\ExternalStorageModes;
use OCP\IL10N;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class ExternalSet extends Base {
	public function __construct(
		private ExternalStorageModes $modes,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:external:set')
			->setDescription('Choose whether Mirror copies an external storage: off, or shared (once, under "<mount point> (external storage)")')
			->addArgument('storage', InputArgument::REQUIRED, 'The storage\'s mount id (see mirror:external:list) or mount point')
			->addArgument('mode', InputArgument::REQUIRED, 'off: not mirrored (copies made before go to the mirror trash at the next reconcile); shared: mirrored once');
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$mode = (string)$input->getArgument('mode');
		if ($mode === ExternalStorage::USERS) {
			$output->writeln('<error>' . $this->l->t('Mirroring an external storage under each user it is mounted for is not available yet: choose shared (once, for everyone) or off.') . '</error>');
			return self::FAILURE;
		}
		if (!in_array($mode, ExternalStorageModes::AVAILABLE, true)) {
			$output->writeln('<error>' . $this->l->t('The mode must be off or shared.') . '</error>');
			return self::FAILURE;
		}
		$name = (string)$input->getArgument('storage');
		$storage = $this->modes->find($name);
		if ($storage === null) {
			$output->writeln('<error>' . $this->l->t('There is no external storage "%s" (see occ mirror:external:list).', [$name]) . '</error>');
			return self::FAILURE;
		}
		if ($mode === ExternalStorage::SHARED && $storage->owner === null) {
			$output->writeln('<error>' . $this->l->t('The mount point of external storage %d is too long for Mirror\'s records (45 bytes at most): rename it to mirror it.', [$storage->id]) . '</error>');
			return self::FAILURE;
		}
		/** @var 'off'|'shared' $mode checked against AVAILABLE above */
		$now = $this->modes->set($storage, $mode);
		$output->writeln($now->shared()
			? $this->l->t('External storage %1$d (/%2$s) is mirrored once, as "%3$s": it is scanned and copied by the next run of the worker.', [$now->id, $now->mountPoint, (string)$now->owner])
			: $this->l->t('External storage %1$d (/%2$s) is not mirrored. Nothing is deleted now: copies made before go to the mirror trash at the next reconcile.', [$now->id, $now->mountPoint]));
		return self::SUCCESS;
	}
}
