<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Health\HealthMonitor;
use OCA\Mirror\Health\HealthReport;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Middleware\ParameterMessages;
use OCA\Mirror\ResponseDefinitions;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IL10N;
use OCP\IRequest;

/**
 * What the health check found, and its thresholds. Admin only.
 *
 * @psalm-import-type MirrorHealth from ResponseDefinitions
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class HealthController extends OCSController {
	use ErrorResponses;

	public function __construct(
		string $appName,
		IRequest $request,
		private HealthReport $report,
		private HealthSettings $settings,
		private HealthMonitor $monitor,
		private ParameterMessages $parameters,
		private IL10N $l,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * The conditions found by the last health check (every 5 minutes), and its settings
	 *
	 * @return DataResponse<Http::STATUS_OK, MirrorHealth, array{}>
	 *
	 * 200: The conditions, errors first
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/health')]
	public function index(): DataResponse {
		return new DataResponse($this->report->current());
	}

	/**
	 * Change the thresholds or the notified group, then check at once
	 *
	 * @param int|null $offlineGraceMinutes Minutes a drive may be missing before it counts as offline (0 to 10080)
	 * @param int|null $reservePercent Free space under this share of the drive is too little (0 to 50)
	 * @param int|null $reserveGigabytes ... or under this many GB, whichever is smaller (0 to 100000)
	 * @param int|null $fillingDays Warn when the drive will be full within this many days (0 to 365; 0: never)
	 * @param int|null $failingHours A file failing for this many hours is reported (1 to 8760)
	 * @param int|null $laggingHours A file waiting for this many hours while the drive is online is reported (1 to 8760)
	 * @param int|null $offlineReminderDays Remind when an offline drive has had no complete copy for this many days (1 to 3650)
	 * @param string|null $notifyGroup The group whose members are notified
	 * @return DataResponse<Http::STATUS_OK, MirrorHealth, array{}>|DataResponse<Http::STATUS_BAD_REQUEST, MirrorApiError, array{}>
	 *
	 * 200: Saved; the conditions as checked with the new settings
	 * 400: A setting is out of range, or the group does not exist (field says which); nothing was saved
	 */
	#[ApiRoute(verb: 'PUT', url: '/api/v1/health/settings')]
	public function update(?int $offlineGraceMinutes = null, ?int $reservePercent = null, ?int $reserveGigabytes = null, ?int $fillingDays = null,
		?int $failingHours = null, ?int $laggingHours = null, ?int $offlineReminderDays = null, ?string $notifyGroup = null): DataResponse {
		$changes = array_filter([
			'offlineGraceMinutes' => $offlineGraceMinutes,
			'reservePercent' => $reservePercent,
			'reserveGigabytes' => $reserveGigabytes,
			'fillingDays' => $fillingDays,
			'failingHours' => $failingHours,
			'laggingHours' => $laggingHours,
			'offlineReminderDays' => $offlineReminderDays,
			'notifyGroup' => $notifyGroup,
		], static fn ($value): bool => $value !== null);
		if ($changes === []) {
			return self::invalid($this->l->t('Nothing to change: give at least one setting.'));
		}
		try {
			$this->settings->update($changes);
		} catch (InvalidParameterException $e) {
			return self::invalid($this->parameters->refusal($e), $e->parameter);
		}
		return new DataResponse($this->report->of($this->monitor->run()));
	}
}
