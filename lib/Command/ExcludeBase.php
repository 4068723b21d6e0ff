<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Exception\InvalidExclusionException;
use OCA\Mirror\Source\Exclusion\ExclusionRules;
use OCA\Mirror\Source\Exclusion\ExclusionSettings;
use OCA\Mirror\Status\Coverage\CoverageReport;
use OCA\Mirror\Status\ExclusionMessages;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Shared by mirror:exclude:add, :remove and :list: the options, saving, and what the exclusions will
 * move to the mirror trash at the next reconcile.
 */
abstract class ExcludeBase extends Base {
	public function __construct(
		protected ExclusionSettings $settings,
		private CoverageReport $coverage,
		protected ExclusionMessages $messages,
	) {
		parent::__construct();
	}

	protected function addListOptions(): void {
		$this->addOption('pattern', 'p', InputOption::VALUE_REQUIRED | InputOption::VALUE_IS_ARRAY, 'A name (*.tmp) or a folder name with a slash at the end (.thumbnails/); repeatable')
			->addOption('user', 'u', InputOption::VALUE_REQUIRED | InputOption::VALUE_IS_ARRAY, 'A user id; repeatable')
			->addOption('group', 'g', InputOption::VALUE_REQUIRED | InputOption::VALUE_IS_ARRAY, 'A group id (its members); repeatable');
		$this->addOutputOption();
	}

	/**
	 * @return list<string>
	 */
	protected static function listOption(InputInterface $input, string $name): array {
		return array_values(array_map('strval', (array)$input->getOption($name)));
	}

	/**
	 * @param list<string> $patterns
	 * @param list<string> $users
	 * @param list<string> $groups
	 */
	protected function save(InputInterface $input, OutputInterface $output, array $patterns, array $users, array $groups, ?int $maxSize): int {
		try {
			$this->settings->save($patterns, $users, $groups, $maxSize);
		} catch (InvalidExclusionException $e) {
			$output->writeln('<error>' . $this->messages->refusal($e) . '</error>');
			return self::FAILURE;
		}
		return $this->show($input, $output);
	}

	protected function show(InputInterface $input, OutputInterface $output): int {
		$rules = $this->settings->rules()->toArray();
		$toTrash = $this->coverage->report()['toTrash'];
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, ['rules' => $rules, 'defaults' => ExclusionRules::DEFAULT_PATTERNS, 'toTrash' => $toTrash]);
			return self::SUCCESS;
		}
		$output->writeln('Patterns: ' . ($rules['patterns'] === [] ? '-' : implode('  ', $rules['patterns'])));
		$output->writeln('Users:    ' . ($rules['users'] === [] ? '-' : implode(', ', $rules['users'])));
		$output->writeln('Groups:   ' . ($rules['groups'] === [] ? '-' : implode(', ', $rules['groups'])));
		$output->writeln('Max size: ' . ($rules['maxSize'] === null ? '-' : self::formatBytes($rules['maxSize'])));
		$output->writeln('Folders with a .nomirror file are left out too.');
		foreach ($toTrash as $t) {
			if ($t['files'] > 0) {
				$output->writeln(sprintf('<comment>Target %d (%s): %d copies (%s) are left out now and move to the mirror trash at the next reconcile.</comment>', $t['targetId'], $t['targetName'], $t['files'], self::formatBytes($t['bytes'])));
			}
		}
		return self::SUCCESS;
	}
}
