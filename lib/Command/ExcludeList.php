<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class ExcludeList extends ExcludeBase {
	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:exclude:list')
			->setDescription('Show what the mirror leaves out, and what that moves to the mirror trash at the next reconcile');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		return $this->show($input, $output);
	}
}
