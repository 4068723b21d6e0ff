<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Tripwire\TripwireControl;
use OCA\Mirror\Tripwire\TripwireReport;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\Attribute\PasswordConfirmationRequired;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IL10N;
use OCP\IRequest;
use OCP\IUserManager;

/**
 * The users whose changes the tripwire holds, and what an admin does about it. Admin only; ending a
 * hold (applying or discarding what it held) also needs the password confirmed in the last 30 minutes.
 *
 * @psalm-import-type MirrorTripwire from ResponseDefinitions
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class TripwireController extends OCSController {
	use ErrorResponses;

	public function __construct(
		string $appName,
		IRequest $request,
		private TripwireControl $control,
		private TripwireReport $report,
		private IUserManager $users,
		private GroupFolderDirectory $groupFolders,
		private IL10N $l,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * The users held, since when, why, and how many changes wait
	 *
	 * @return DataResponse<Http::STATUS_OK, MirrorTripwire, array{}>
	 *
	 * 200: The held users (none when all is well) and the thresholds
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/tripwire')]
	public function index(): DataResponse {
		return new DataResponse($this->report->report());
	}

	/**
	 * End the hold of a user: apply the held changes, or discard them
	 *
	 * @param string $userId The held user
	 * @param bool $discard Drop the held changes instead: the mirror keeps the last good copies
	 * @return DataResponse<Http::STATUS_OK, MirrorTripwire, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Released; the held users afterwards
	 * 404: No such user
	 */
	#[PasswordConfirmationRequired]
	#[ApiRoute(verb: 'POST', url: '/api/v1/tripwire/{userId}/release')]
	public function release(string $userId, bool $discard = false): DataResponse {
		if (!$this->users->userExists($userId) && $this->groupFolders->byOwner($userId) === null) {
			return self::notFound($this->l->t('There is no user "%s".', [$userId]));
		}
		$this->control->release($userId, $discard);
		return new DataResponse($this->report->report());
	}

	/**
	 * Switch the tripwire off for a user for some hours (0: on again now)
	 *
	 * @param string $userId The user
	 * @param int $hours For this many hours (0 to 2160)
	 * @return DataResponse<Http::STATUS_OK, MirrorTripwire, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Saved
	 * 400: hours out of range
	 * 404: No such user
	 */
	#[ApiRoute(verb: 'PUT', url: '/api/v1/tripwire/{userId}')]
	public function disable(string $userId, int $hours = 24): DataResponse {
		if (!$this->users->userExists($userId) && $this->groupFolders->byOwner($userId) === null) {
			return self::notFound($this->l->t('There is no user "%s".', [$userId]));
		}
		if ($hours < 0 || $hours > 2160) {
			return self::invalid($this->l->t('hours must be from 0 to 2160.'), 'hours');
		}
		$this->control->disable($userId, $hours);
		return new DataResponse($this->report->report());
	}
}
