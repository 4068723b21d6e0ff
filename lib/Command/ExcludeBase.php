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
use OCP\IL10N;
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
		protected IL10N $l,
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
		// the labels padded to one width in the reader's language, so the values line up as in English
		$labels = [$this->l->t('Patterns:'), $this->l->t('Users:'), $this->l->t('Groups:'), $this->l->t('Max size:')];
		$width = max(array_map('mb_strlen', $labels));
		$values = [
			$rules['patterns'] === [] ? '-' : implode('  ', $rules['patterns']),
			$rules['users'] === [] ? '-' : implode(', ', $rules['users']),
			$rules['groups'] === [] ? '-' : implode(', ', $rules['groups']),
			$rules['maxSize'] === null ? '-' : self::formatBytes($rules['maxSize']),
		];
		foreach ($labels as $i => $label) {
			$output->writeln($label . str_repeat(' ', $width - mb_strlen($label) + 1) . $values[$i]);
		}
		$output->writeln($this->l->t('Folders with a .nomirror file are left out too.'));
		foreach ($toTrash as $t) {
			if ($t['files'] > 0) {
				$output->writeln('<comment>' . $this->l->t('Target %1$d (%2$s): %3$d copies (%4$s) are left out now and move to the mirror trash at the next reconcile.', [$t['targetId'], $t['targetName'], $t['files'], self::formatBytes($t['bytes'])]) . '</comment>');
			}
		}
		return self::SUCCESS;
	}
}
