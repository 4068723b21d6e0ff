<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Status\PersonalStatusService;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\NoAdminRequired;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IRequest;
use OCP\IUserSession;

/**
 * @psalm-import-type MirrorPersonalStatus from ResponseDefinitions
 */
class PersonalStatusController extends OCSController {
	public function __construct(
		IRequest $request,
		private PersonalStatusService $status,
		private IUserSession $userSession,
	) {
		parent::__construct(Application::APP_ID, $request);
	}

	/**
	 * The current user's own totals per mirror target
	 *
	 * @return DataResponse<Http::STATUS_OK, MirrorPersonalStatus, array{}>
	 *
	 * 200: The totals
	 */
	#[NoAdminRequired]
	#[ApiRoute(verb: 'GET', url: '/api/v1/personal')]
	public function show(): DataResponse {
		return new DataResponse($this->status->forUser((string)$this->userSession->getUser()?->getUID()));
	}
}
