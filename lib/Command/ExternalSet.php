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
			->setDescription('Choose whether Mirror copies an external storage: off, users (under each user it is mounted for, at its path in their files: one copy per user) or shared (once, under "<mount point> (external storage)")')
			->addArgument('storage', InputArgument::REQUIRED, 'The storage\'s mount id (see mirror:external:list) or mount point')
			->addArgument('mode', InputArgument::REQUIRED, 'off: not mirrored (copies made before go to the mirror trash at the next reconcile); users: as part of the files of each user it is mounted for (one copy each); shared: mirrored once');
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$mode = (string)$input->getArgument('mode');
		$name = (string)$input->getArgument('storage');
		$storage = $this->modes->find($name);
		if ($storage === null) {
			$output->writeln('<error>' . $this->l->t('There is no external storage "%s" (see occ mirror:external:list).', [$name]) . '</error>');
			return self::FAILURE;
		}
		$refusal = $this->modes->refusal($storage, $mode);
		if ($refusal !== null) {
			$output->writeln('<error>' . $refusal['message'] . '</error>');
			return self::FAILURE;
		}
		/** @var 'off'|'users'|'shared' $mode checked by refusal() above */
		$before = $storage->mode;
		$now = $this->modes->set($storage, $mode);
		$output->writeln(match ($now->mode) {
			ExternalStorage::SHARED => $this->l->t('External storage %1$d (/%2$s) is mirrored once, as "%3$s": it is scanned and copied by the next run of the worker.', [$now->id, $now->mountPoint, (string)$now->owner]),
			ExternalStorage::USERS => $this->l->n('External storage %1$d (/%2$s) is mirrored as part of the files of each user it is mounted for, at its path there (%n copy): it is scanned and copied by the next run of the worker.', 'External storage %1$d (/%2$s) is mirrored as part of the files of each user it is mounted for, at its path there (%n copies): it is scanned and copied by the next run of the worker.', $this->modes->mountedFor($now), [$now->id, $now->mountPoint]),
			default => $this->l->t('External storage %1$d (/%2$s) is not mirrored. Nothing is deleted now: copies made before go to the mirror trash at the next reconcile.', [$now->id, $now->mountPoint]),
		});
		if ($before !== ExternalStorage::OFF && $before !== $now->mode && $now->mode !== ExternalStorage::OFF) {
			$output->writeln($this->l->t('Nothing is deleted: each copy made in the previous layout goes to the mirror trash as its file is copied in the new one.'));
		}
		return self::SUCCESS;
	}
}
