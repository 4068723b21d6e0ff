<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Replication\ManifestReader;
use OCA\Mirror\Replication\RecoveryKeys;
use OCA\Mirror\Restore\RestoreMessages;
use OCA\Mirror\Status\TargetProblemMessages;
use OCA\Mirror\Status\TargetStateMessages;
use OCA\Mirror\Target\TargetService;
use OCP\IL10N;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Helper\QuestionHelper;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;
use Symfony\Component\Console\Question\ConfirmationQuestion;

class TargetAdopt extends Base {
	public function __construct(
		private TargetService $targets,
		private TargetProblemMessages $problems,
		private TargetStateMessages $stateMessages,
		private RestoreMessages $restoreMessages,
		private RecoveryKeys $keys,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:target:adopt')
			->setDescription('Use the drive now mounted at a target\'s path (a replacement drive) for that target')
			->addArgument('id', InputArgument::REQUIRED, 'Target id (see mirror:target:list)')
			->addOption('force', 'f', InputOption::VALUE_NONE, 'Do not ask for confirmation')
			->addOption('manifest-limit', null, InputOption::VALUE_REQUIRED, 'The size in MiB a user\'s manifest may have (default: 64 MiB, as the records are forgotten)');
		$this->addRecoveryKeyOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		try {
			$given = $this->givenRecoveryKey($input, $output);
			$key = $this->keys->forRun($given);
			$limit = ManifestReader::limitOption($input->getOption('manifest-limit'));
			$target = $this->targets->get($this->intArgument($input, 'id', $this->l));
			$state = $this->targets->state($target);
			if (!$input->getOption('force')) {
				if (!$input->isInteractive()) {
					$output->writeln('<error>' . $this->l->t('Adopting needs a confirmation: run it interactively or add --force.') . '</error>');
					return self::FAILURE;
				}
				$output->writeln('Target ' . $target->getId() . ' "' . $target->getName() . '" at ' . $target->getPath() . ': ' . $this->stateMessages->message($state, $target->getPath()));
				/** @var QuestionHelper $helper */
				$helper = $this->getHelper('question');
				$question = new ConfirmationQuestion('Is the drive mounted there now the new backup drive for this target? Every file not already on it (as its manifest shows, checked byte for byte) will be copied to it. [y/N] ', false);
				if (!$helper->ask($input, $output, $question)) {
					$output->writeln($this->l->t('Nothing changed.'));
					return self::FAILURE;
				}
			}
			$progress = new ProgressBar($output);
			$progress->setFormat(' %current% copies checked against the drive\'s manifest %elapsed:6s% %message%');
			$progress->setMessage('');
			$result = $this->targets->adopt($target->getId(), $key, static function (string $userId, string $path) use ($progress): void {
				$progress->setMessage($userId . '/' . $path);
				$progress->advance();
			}, $limit);
			$progress->setMessage('');
			$progress->finish();
			$output->writeln('');
		} catch (TargetNotFoundException|InvalidTargetException|\InvalidArgumentException $e) {
			$output->writeln('<error>' . match (true) {
				$e instanceof InvalidTargetException => $this->problems->message($e),
				$e instanceof TargetNotFoundException => $this->problems->notFound((int)$input->getArgument('id')),
				default => $e->getMessage(),
			} . '</error>');
			return self::FAILURE;
		}
		$output->writeln($this->l->t('Adopted: the drive at %1$s is now target %2$d "%3$s".', [$target->getPath(), $target->getId(), $target->getName()]));
		$output->writeln($this->l->t('%1$d files already on the drive (as its manifest lists them, sha256 checked): kept without copying; %2$d files queued to be copied.', [$result['adopted'], $result['queued']]));
		foreach ($result['unverified'] as $userId => $why) {
			$output->writeln('<comment>' . $this->l->t('%1$s: the manifest was not used, every file is copied again: %2$s.', [(string)$userId, $this->restoreMessages->manifest($why)]) . '</comment>');
		}
		foreach ($result['damaged'] as $userId => $e) {
			$output->writeln('<comment>' . $this->l->t('%1$s: damaged manifest, not used, every file is copied again: %2$s', [(string)$userId, $this->restoreMessages->damaged($e)]) . '</comment>');
		}
		if ($given !== null && $result['verified'] > 0 && $this->keys->adopt($key)) {
			$output->writeln($this->l->t('The recovery key given verified the drive\'s manifests: it is now this server\'s recovery key.'));
		}
		return self::SUCCESS;
	}
}
