<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Status\OfflineDrivePhase;
use OCA\Mirror\Target\TargetService;
use OCP\IL10N;
use OCP\Util;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Helper\QuestionHelper;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;
use Symfony\Component\Console\Question\Question;

/**
 * Shared by the mirror commands: --output=plain|json|json_pretty.
 *
 * What a command says to people goes through the app's IL10N (injected): on the command line there is no user and
 * no request, so Nextcloud's IFactory gives the system's language (force_language, else default_language, else
 * English). --output=json stays codes and English keys, for machines.
 */
abstract class Base extends Command {
	protected function addOutputOption(): void {
		$this->addOption('output', null, InputOption::VALUE_REQUIRED, 'Output format (plain, json or json_pretty)', 'plain');
	}

	protected function wantsJson(InputInterface $input): bool {
		return in_array($input->getOption('output'), ['json', 'json_pretty'], true);
	}

	protected function writeJson(InputInterface $input, OutputInterface $output, mixed $data): void {
		$flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
		if ($input->getOption('output') === 'json_pretty') {
			$flags |= JSON_PRETTY_PRINT;
		}
		$output->writeln(json_encode($data, $flags | JSON_THROW_ON_ERROR));
	}

	/**
	 * --recovery-key: the key given, or null. "-" reads it from a hidden prompt (or a line of standard input
	 * when there is no terminal), which keeps it out of the shell history and of the audit log, where
	 * admin_audit writes every occ command line.
	 */
	protected function addRecoveryKeyOption(): void {
		$this->addOption('recovery-key', null, InputOption::VALUE_REQUIRED, 'On a rebuilt server: the recovery key of the server that wrote the drive (occ mirror:recovery-key there), or "-" to type it unseen (or pipe it in); once it verifies a manifest it becomes this server\'s key');
	}

	protected function givenRecoveryKey(InputInterface $input, OutputInterface $output): ?string {
		$given = $input->getOption('recovery-key');
		if ($given !== '-') {
			return $given === null ? null : (string)$given;
		}
		if ($input->isInteractive()) {
			$question = new Question('Recovery key: ');
			$question->setHidden(true);
			/** @var QuestionHelper $helper */
			$helper = $this->getHelper('question');
			return (string)$helper->ask($input, $output, $question);
		}
		return trim((string)fgets(STDIN));
	}

	/**
	 * The target id given as the argument "id", or null after saying it is not one.
	 */
	protected function targetIdArgument(InputInterface $input, OutputInterface $output, IL10N $l): ?int {
		$value = (string)$input->getArgument('id');
		if (!ctype_digit($value)) {
			$output->writeln('<error>' . $l->t('The target id must be a number, got "%s".', [$value]) . '</error>');
			return null;
		}
		return (int)$value;
	}

	protected static function noSuchTarget(OutputInterface $output, IL10N $l, int $id): int {
		$output->writeln('<error>' . $l->t('There is no mirror target with id %d.', [$id]) . '</error>');
		return self::FAILURE;
	}

	/**
	 * @throws \InvalidArgumentException in the reader's language
	 */
	protected function intArgument(InputInterface $input, string $name, IL10N $l): int {
		$value = (string)$input->getArgument($name);
		if (!ctype_digit($value)) {
			throw new \InvalidArgumentException($l->t('The target id must be a number, got "%s".', [$value]));
		}
		return (int)$value;
	}

	/**
	 * The server (host name) whose filesystem holds a target's drive; "any" for a target without one
	 * (one server, or added before nodes were recorded).
	 */
	protected static function formatNode(?string $node): string {
		return $node === null || $node === '' ? 'any' : $node;
	}

	/**
	 * A size as Nextcloud writes one everywhere else (OCP\Util::humanFileSize), '-' when unknown.
	 */
	protected static function formatBytes(?int $bytes): string {
		return $bytes === null ? '-' : Util::humanFileSize($bytes);
	}

	/**
	 * @param array{type: string, encodesNames: bool, encoding: string|null, maxFileSize: int|null, caseInsensitive: bool}|null $filesystem
	 */
	protected static function formatFilesystem(?array $filesystem): string {
		if ($filesystem === null) {
			return '-';
		}
		$parts = [$filesystem['type']];
		if ($filesystem['encodesNames']) {
			$parts[] = 'names with : * ? " < > | \\ kept under look-alikes';
		}
		if ($filesystem['maxFileSize'] !== null) {
			$parts[] = 'files up to ' . self::formatBytes($filesystem['maxFileSize']);
		}
		if ($filesystem['caseInsensitive']) {
			$parts[] = 'case-insensitive (a name differing only in case is kept as "name (case 2)")';
		}
		return implode(', ', $parts);
	}

	/**
	 * A target's state in words: an offline drive that rests is not offline.
	 *
	 * @param array{offlineDrivePhase: string|null, lastCompleteAt: int|null, createdAt: int, pending?: int, state: array{online: bool, reason: string|null, message: string, ...}, ...} $row
	 */
	protected static function formatState(array $row, string $offline = 'offline'): string {
		$state = $row['state'];
		$phase = $row['offlineDrivePhase'];
		if ($phase === OfflineDrivePhase::RESTING) {
			return 'offline drive, resting: last complete copy ' . self::formatAge($row['lastCompleteAt'])
				. ($state['online'] ? '' : ' (' . $state['reason'] . ')');
		}
		if ($phase !== null && $state['online']) {
			return $phase === OfflineDrivePhase::UP_TO_DATE ? 'offline drive, up to date: safe to unplug' : 'offline drive, catching up' . (isset($row['pending']) ? ': ' . $row['pending'] . ' files waiting' : '');
		}
		if ($state['online']) {
			return $state['reason'] === null ? 'online' : 'online (' . $state['reason'] . ')';
		}
		return $offline . ' (' . $state['reason'] . '): ' . $state['message'];
	}

	private static function formatAge(?int $time): string {
		if ($time === null) {
			return 'never';
		}
		$days = intdiv(max(0, time() - $time), 86400);
		return $days === 0 ? 'today' : ($days === 1 ? '1 day ago' : $days . ' days ago');
	}

	protected static function formatTime(?int $time): string {
		return $time === null ? 'never' : date('Y-m-d H:i:s', $time);
	}

	/**
	 * The target named by --target, or every enabled one.
	 *
	 * @return list<Target>
	 * @throws \InvalidArgumentException in the reader's language: not an id, or no such target
	 */
	protected function selectTargets(InputInterface $input, TargetService $targets, IL10N $l): array {
		$id = $input->getOption('target');
		if ($id === null) {
			return array_values(array_filter($targets->findAll(), static fn (Target $t): bool => $t->getEnabled()));
		}
		return [self::targetOption($id, $targets, $l)];
	}

	/**
	 * The target a --target option names.
	 *
	 * @throws \InvalidArgumentException in the reader's language: not an id, or no such target
	 */
	protected static function targetOption(mixed $id, TargetService $targets, IL10N $l): Target {
		if (!ctype_digit((string)$id)) {
			throw new \InvalidArgumentException($l->t('--target must be a target id.'));
		}
		try {
			return $targets->get((int)$id);
		} catch (TargetNotFoundException $e) {
			throw new \InvalidArgumentException($l->t('There is no mirror target with id %d.', [(int)$id]), 0, $e);
		}
	}
}
