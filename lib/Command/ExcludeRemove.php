<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class ExcludeRemove extends ExcludeBase {
	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:exclude:remove')
			->setDescription('Mirror patterns, users or groups again (copied at the next reconcile, or now with occ mirror:resync)')
			->addOption('max-size', null, InputOption::VALUE_NONE, 'No maximum file size');
		$this->addListOptions();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$rules = $this->settings->rules()->toArray();
		foreach (['pattern' => 'patterns', 'user' => 'users', 'group' => 'groups'] as $option => $key) {
			foreach (self::listOption($input, $option) as $value) {
				if (!in_array($value, $rules[$key], true)) {
					$output->writeln('<error>' . $this->messages->notExcluded($key, (string)$value) . '</error>');
					return self::FAILURE;
				}
			}
		}
		$without = static fn (array $list, array $gone): array => array_values(array_diff($list, $gone));
		return $this->save($input, $output,
			$without($rules['patterns'], self::listOption($input, 'pattern')),
			$without($rules['users'], self::listOption($input, 'user')),
			$without($rules['groups'], self::listOption($input, 'group')),
			$input->getOption('max-size') ? null : $rules['maxSize']);
	}
}
