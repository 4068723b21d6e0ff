<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\SetupCheck;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Status\Coverage\CoverageReport;
use OCP\IL10N;
use OCP\IURLGenerator;
use OCP\SetupCheck\ISetupCheck;
use OCP\SetupCheck\SetupResult;
use OCP\Util;

/**
 * Administration → Overview: a warning when files are kept where the mirror does not reach: a group
 * folder, or an external storage of 1 GiB or more (a small one, a scratch folder, is not worth a warning).
 */
class MirrorCoverage implements ISetupCheck {
	/** An external storage this large that the mirror doesn't copy is worth a warning. */
	public const LARGE_EXTERNAL = 1024 ** 3;

	public function __construct(
		private CoverageReport $coverage,
		private IL10N $l,
		private IURLGenerator $urls,
	) {
	}

	#[\Override]
	public function getCategory(): string {
		return 'system';
	}

	#[\Override]
	public function getName(): string {
		return $this->l->t('Mirror coverage');
	}

	#[\Override]
	public function run(): SetupResult {
		$lines = [];
		foreach ($this->coverage->notCovered('groupfolder') as $row) {
			$lines[] = $this->l->t('The group folder "%1$s" (%2$s) is not mirrored.', [$row['name'], Util::humanFileSize($row['total']['bytes'])]);
		}
		foreach ($this->coverage->notCovered('external', self::LARGE_EXTERNAL) as $row) {
			$lines[] = $this->l->t('The external storage "%1$s" (%2$s) is not mirrored.', [$row['name'], Util::humanFileSize($row['total']['bytes'])]);
		}
		if ($lines === []) {
			return SetupResult::success($this->l->t('The mirror covers every group folder and every large external storage.'));
		}
		$lines[] = $this->l->t('Mirror copies what users keep in their own files; the admin page\'s coverage report says what it leaves out.');
		return SetupResult::warning(implode("\n", $lines), $this->urls->linkToRouteAbsolute('settings.AdminSettings.index', ['section' => Application::APP_ID]));
	}
}
