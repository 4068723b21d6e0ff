<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Command;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\DamagedManifestException;
use OCA\Mirror\Exception\InvalidRestoreException;
use OCA\Mirror\Replication\ManifestReader;
use OCA\Mirror\Replication\RecoveryKeys;
use OCA\Mirror\Restore\FromDrive;
use OCA\Mirror\Restore\RestoreMessages;
use OCA\Mirror\Restore\RestoreReport;
use OCA\Mirror\Restore\RestoreService;
use OCA\Mirror\Target\TargetService;
use OCP\IL10N;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class Restore extends Base {
	/** files listed in --output=json (the counts count them all): memory stays bounded whatever a manifest lists */
	private const FILES_LISTED = 10_000;
	/** mismatched and failed files printed for people */
	private const PROBLEMS_LISTED = 1_000;

	public function __construct(
		private RestoreService $restore,
		private TargetService $targets,
		private Owners $owners,
		private RecoveryKeys $keys,
		private RestoreMessages $messages,
		private IL10N $l,
	) {
		parent::__construct();
	}

	#[\Override]
	protected function configure(): void {
		$this->setName('mirror:restore')
			->setDescription('Bring files back from a mirror drive into Nextcloud, checked against their recorded sha256')
			->addOption('user', 'u', InputOption::VALUE_REQUIRED, 'The user whose files come back')
			->addOption('all-users', null, InputOption::VALUE_NONE, 'Every user and every group folder (disaster recovery)')
			->addOption('path', 'p', InputOption::VALUE_REQUIRED, 'Only this file or folder of the user\'s files', '')
			->addOption('target', null, InputOption::VALUE_REQUIRED, 'From this target id (default: the first enabled target)')
			->addOption('from-version', null, InputOption::VALUE_REQUIRED, '"latest" (the mirror\'s copies) or "trash:YYYY-MM-DD" (what went to the mirror trash that day); occ keeps --version for itself', RestoreService::LATEST)
			->addOption('into', null, InputOption::VALUE_REQUIRED, 'A folder of the user\'s files to restore into (default: where each file was)', '')
			->addOption('overwrite', null, InputOption::VALUE_NONE, 'Replace a different file at the same place (Nextcloud keeps it as a version)')
			->addOption('skip-existing', null, InputOption::VALUE_NONE, 'Leave a different file at the same place alone (default: restore next to it, as "name (restored)")')
			->addOption('from-drive', null, InputOption::VALUE_NONE, 'Trust the drive\'s own manifest, not the database\'s records (the database was lost; adopt the drive as a target first)')
			->addOption('manifest-limit', null, InputOption::VALUE_REQUIRED, 'With --from-drive: the size in MiB a user\'s manifest may have (default: 4 KiB per recorded copy + 1 MiB, or 64 MiB with no records)')
			->addOption('dry-run', null, InputOption::VALUE_NONE, 'Check and report, write nothing');
		Owners::addGroupFolderOption($this);
		$this->addRecoveryKeyOption();
		$this->addOutputOption();
	}

	#[\Override]
	protected function execute(InputInterface $input, OutputInterface $output): int {
		try {
			$user = $this->owners->chosen($input);
		} catch (\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::INVALID;
		}
		$all = (bool)$input->getOption('all-users');
		if (($user === null) === !$all) {
			$output->writeln('<error>' . $this->l->t('Give either --user, --group-folder or --all-users.') . '</error>');
			return self::INVALID;
		}
		if ((bool)$input->getOption('overwrite') && (bool)$input->getOption('skip-existing')) {
			$output->writeln('<error>' . $this->l->t('--overwrite and --skip-existing exclude each other.') . '</error>');
			return self::INVALID;
		}
		$mode = (bool)$input->getOption('overwrite') ? RestoreService::MODE_OVERWRITE : ((bool)$input->getOption('skip-existing') ? RestoreService::MODE_SKIP : RestoreService::MODE_NEW);
		try {
			$target = $this->target($input);
		} catch (\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::INVALID;
		}
		$fromDrive = null;
		try {
			$given = $this->givenRecoveryKey($input, $output);
			$limit = ManifestReader::limitOption($input->getOption('manifest-limit'));
			if ((bool)$input->getOption('from-drive')) {
				$fromDrive = new FromDrive($this->keys->forRun($given), $limit);
			} elseif ($given !== null || $limit !== null) {
				throw new \InvalidArgumentException($this->l->t('--recovery-key and --manifest-limit only go with --from-drive.'));
			}
		} catch (\InvalidArgumentException $e) {
			$output->writeln('<error>' . $e->getMessage() . '</error>');
			return self::INVALID;
		}
		$userIds = $user !== null ? [$user] : $this->owners->all();
		$json = $this->wantsJson($input);
		$dryRun = (bool)$input->getOption('dry-run');
		$report = $json ? new RestoreReport(self::FILES_LISTED) : new RestoreReport(self::PROBLEMS_LISTED, true);
		$progress = $json ? null : new ProgressBar($output);
		$progress?->setFormat(' %current% files [%bar%] %elapsed:6s% %message%');
		$progress?->setMessage('');
		$progress?->start();
		try {
			foreach ($userIds as $uid) {
				if ($fromDrive !== null && $all && !$this->restore->hasManifest($target, $uid)) {
					continue; // a user the drive knows nothing of
				}
				try {
					$this->restore->restore($target, $uid, (string)$input->getOption('path'), (string)$input->getOption('from-version'), (string)$input->getOption('into'), $mode, $dryRun, $report,
						static function (array $file) use ($progress): void {
							$progress?->setMessage($file['userId'] . '/' . $file['path']);
							$progress?->advance();
						}, $fromDrive);
				} catch (DamagedManifestException $e) {
					$report->damaged($uid, $this->messages->damaged($e)); // the other users' files still come back
				}
			}
		} catch (TargetOfflineException $e) {
			$progress?->finish();
			$output->writeln('');
			$output->writeln('<error>' . $this->messages->offline($e->state) . '</error>');
			return self::FAILURE;
		} catch (\InvalidArgumentException $e) {
			$output->writeln('');
			$output->writeln('<error>' . ($e instanceof InvalidRestoreException ? $this->messages->run($e->reason, $e->params) : $e->getMessage()) . '</error>');
			return self::INVALID;
		}
		$progress?->setMessage('');
		$progress?->finish();
		// a key that verified a manifest is the household's key: this server signs with it from now on
		$keyAdopted = $fromDrive !== null && $input->getOption('recovery-key') !== null && !$dryRun && $report->verifiedManifests > 0
			&& $this->keys->adopt($fromDrive->key);
		if ($json) {
			$files = array_map(fn (array $f): array => $f + ['why' => $this->messages->file($f['code'], $f['params'])], $report->files);
			$this->writeJson($input, $output, array_replace($report->jsonSerialize(), ['files' => $files]) + ['dryRun' => $dryRun, 'targetId' => $target->getId()]
				+ ($fromDrive === null ? [] : $this->fromDriveJson($report, $keyAdopted)));
		} else {
			$output->writeln('');
			foreach ($report->files as $file) {
				$output->writeln(sprintf('<comment>%s: %s/%s: %s</comment>', $file['result'], $file['userId'], $file['path'], $this->messages->file($file['code'], $file['params'])));
			}
			$problems = $report->counts[RestoreReport::MISMATCHED] + $report->counts[RestoreReport::FAILED];
			if ($problems > count($report->files)) {
				$output->writeln('<comment>' . $this->l->t('… and %d more mismatched or failed files.', [$problems - count($report->files)]) . '</comment>');
			}
			$counts = [$report->counts[RestoreReport::RESTORED], self::formatBytes($report->bytes), $report->counts[RestoreReport::SKIPPED],
				$report->counts[RestoreReport::MISMATCHED], $report->counts[RestoreReport::FAILED]];
			$output->writeln($dryRun
				? $this->l->t('Dry run: %1$d restored (%2$s), %3$d skipped (already there), %4$d mismatched (not restored: the copy failed its sha256), %5$d failed.', $counts)
				: $this->l->t('%1$d restored (%2$s), %3$d skipped (already there), %4$d mismatched (not restored: the copy failed its sha256), %5$d failed.', $counts));
			$this->writeFromDrive($output, $report, $keyAdopted, $dryRun);
		}
		$problems = $report->counts[RestoreReport::MISMATCHED] + $report->counts[RestoreReport::FAILED] + count($report->damaged) + count($report->unverified);
		return $problems === 0 ? self::SUCCESS : self::FAILURE;
	}

	private function writeFromDrive(OutputInterface $output, RestoreReport $report, bool $keyAdopted, bool $dryRun): void {
		foreach ($report->unverified as $userId => $manifest) {
			$words = [(string)$userId, $manifest['files'], $manifest['folder'], $this->messages->manifest($manifest['why'])];
			$output->writeln('<comment>' . ($dryRun
				? $this->l->t('%1$s: %2$d files would be restored into "%3$s", not to their places: %4$s.', $words)
				: $this->l->t('%1$s: %2$d files restored into "%3$s", not to their places: %4$s.', $words)) . '</comment>');
		}
		foreach ($report->damaged as $userId => $message) {
			$output->writeln('<error>' . $this->l->t('%1$s: damaged manifest, nothing restored: %2$s', [(string)$userId, $message]) . '</error>');
		}
		if ($report->unverified !== []) {
			$output->writeln($this->l->t('%d files from manifests that are not signed with the recovery key were restored apart, never over a file; check them before moving them. A rebuilt server needs the old server\'s key: --recovery-key.', [$report->unverifiedFiles()]));
		}
		if ($keyAdopted) {
			$output->writeln($this->l->t('The recovery key given verified the drive\'s manifests: it is now this server\'s recovery key (manifests signed with the previous one are unverified until Mirror rewrites them).'));
		}
	}

	/**
	 * @return array{unverified: list<array{userId: string, files: int, folder: string, why: string, reason: string}>, damaged: list<array{userId: string, message: string}>, verifiedManifests: int, recoveryKeyAdopted: bool, peakMemory: int}
	 */
	private function fromDriveJson(RestoreReport $report, bool $keyAdopted): array {
		$unverified = [];
		foreach ($report->unverified as $userId => $manifest) {
			$unverified[] = ['userId' => (string)$userId, 'files' => $manifest['files'], 'folder' => $manifest['folder'], 'why' => $manifest['why'], 'reason' => $this->messages->manifest($manifest['why'])];
		}
		$damaged = [];
		foreach ($report->damaged as $userId => $message) {
			$damaged[] = ['userId' => (string)$userId, 'message' => $message];
		}
		return ['unverified' => $unverified, 'damaged' => $damaged, 'verifiedManifests' => $report->verifiedManifests, 'recoveryKeyAdopted' => $keyAdopted, 'peakMemory' => memory_get_peak_usage(true)];
	}

	/**
	 * @throws \InvalidArgumentException in the reader's language
	 */
	private function target(InputInterface $input): Target {
		$id = $input->getOption('target');
		if ($id !== null) {
			return self::targetOption($id, $this->targets, $this->l);
		}
		foreach ($this->targets->findAll() as $target) {
			if ($target->getEnabled()) {
				return $target;
			}
		}
		throw new \InvalidArgumentException($this->l->t('There is no enabled mirror target to restore from; give --target.'));
	}
}
