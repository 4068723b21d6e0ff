<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCP\Util;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class ExcludeAdd extends ExcludeBase {
	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:exclude:add')
			->setDescription('Leave patterns, users or groups out of the mirror, or files above a size; their copies move to the mirror trash at the next reconcile')
			->addOption('max-size', null, InputOption::VALUE_REQUIRED, 'Leave out files larger than this (2G, 500 MB, or bytes)');
		$this->addListOptions();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$rules = $this->settings->rules()->toArray();
		$maxSize = $rules['maxSize'];
		$given = $input->getOption('max-size');
		if ($given !== null) {
			$bytes = Util::computerFileSize((string)$given);
			if ($bytes === false || $bytes <= 0 || $bytes > PHP_INT_MAX) {
				$output->writeln('<error>' . $this->messages->notASize((string)$given) . '</error>');
				return self::FAILURE;
			}
			$maxSize = (int)$bytes;
		}
		return $this->save($input, $output,
			array_values(array_unique([...$rules['patterns'], ...self::listOption($input, 'pattern')])),
			array_values(array_unique([...$rules['users'], ...self::listOption($input, 'user')])),
			array_values(array_unique([...$rules['groups'], ...self::listOption($input, 'group')])),
			$maxSize);
	}
}
