<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashService;
use OCP\IL10N;
use OCP\IUserManager;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class TrashList extends Base {
	public function __construct(
		private TrashService $trash,
		private IUserManager $users,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:trash:list')
			->setDescription('List what is in the mirror trash: deleted files and the earlier content of overwritten ones')
			->addOption('user', 'u', InputOption::VALUE_REQUIRED, 'Only this user')
			->addOption('target', null, InputOption::VALUE_REQUIRED, 'Only this target id')
			->addOption('path', 'p', InputOption::VALUE_REQUIRED, 'Only this path (a file or a folder) inside the user\'s files')
			->addOption('limit', null, InputOption::VALUE_REQUIRED, 'At most this many entries, newest first', '1000');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$user = $input->getOption('user');
		if ($user !== null && !$this->users->userExists((string)$user)) {
			$output->writeln('<error>' . $this->l->t('There is no user "%s".', [$user]) . '</error>');
			return self::INVALID;
		}
		$target = $input->getOption('target');
		if ($target !== null && !ctype_digit((string)$target)) {
			$output->writeln('<error>' . $this->l->t('--target must be a target id.') . '</error>');
			return self::INVALID;
		}
		$limit = (string)$input->getOption('limit');
		if (!ctype_digit($limit) || (int)$limit < 1) {
			$output->writeln('<error>' . $this->l->t('--limit must be a positive number.') . '</error>');
			return self::INVALID;
		}
		$path = $input->getOption('path');
		$entries = $this->trash->list($target === null ? null : (int)$target, $user === null ? null : (string)$user, $path === null ? null : (string)$path, (int)$limit);
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, array_map(static fn (TrashEntry $e): array => $e->jsonSerialize(), $entries));
			return self::SUCCESS;
		}
		if ($entries === []) {
			$output->writeln($this->l->t('The mirror trash holds nothing that matches.'));
			return self::SUCCESS;
		}
		$table = new Table($output);
		$table->setHeaders([$this->l->t('Target'), $this->l->t('User'), $this->l->t('Path'), $this->l->t('Trashed'), $this->l->t('Size'), $this->l->t('Why'), $this->l->t('In the trash as')]);
		foreach ($entries as $e) {
			$table->addRow([$e->getTargetId(), $e->getUserId(), $e->getPath(), self::formatTime($e->getTrashedAt()), self::formatBytes($e->getSize()), $e->getReason(), $e->getTrashPath()]);
		}
		$table->render();
		return self::SUCCESS;
	}
}
