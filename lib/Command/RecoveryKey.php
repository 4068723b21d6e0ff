<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Replication\RecoveryKeys;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class RecoveryKey extends Base {
	public function __construct(
		private RecoveryKeys $keys,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:recovery-key')
			->setDescription('Show the recovery key that signs the manifests on the mirror drives: keep it in a password manager, a rebuilt server needs it');
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		$key = $this->keys->current()->toString();
		if ($this->wantsJson($input)) {
			$this->writeJson($input, $output, ['recoveryKey' => $key]);
			return self::SUCCESS;
		}
		$output->writeln('Recovery key: ' . $key);
		$output->writeln('');
		$output->writeln('Keep it in a password manager, away from this server and from the drives. Mirror signs the manifest it');
		$output->writeln('writes on each drive with it, and the key itself is never written to a drive. A server rebuilt after');
		$output->writeln('this one is lost needs it to trust the drive: occ mirror:target:adopt ID --force --recovery-key=KEY, then');
		$output->writeln('occ mirror:restore --all-users --from-drive --recovery-key=KEY. Without it, the files come back into a');
		$output->writeln('folder "Restored from drive – unverified <date>" of each user, not to their places.');
		return self::SUCCESS;
	}
}
