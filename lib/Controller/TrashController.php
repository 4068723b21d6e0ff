<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Trash\TrashRetention;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IRequest;

/**
 * How long the mirror trash is kept. Admin only.
 *
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 * @psalm-import-type MirrorTrashSettings from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class TrashController extends OCSController {
	use ErrorResponses;

	public function __construct(
		string $appName,
		IRequest $request,
		private TrashRetention $retention,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * How many days the mirror trash is kept
	 *
	 * @return DataResponse<Http::STATUS_OK, MirrorTrashSettings, array{}>
	 *
	 * 200: The retention period
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/trash/settings')]
	public function index(): DataResponse {
		return new DataResponse(['retentionDays' => $this->retention->days()]);
	}

	/**
	 * Change how many days the mirror trash is kept
	 *
	 * @param int $retentionDays Days (1 to 36500)
	 * @return DataResponse<Http::STATUS_OK, MirrorTrashSettings, array{}>|DataResponse<Http::STATUS_BAD_REQUEST, MirrorApiError, array{}>
	 *
	 * 200: Saved
	 * 400: Out of range
	 */
	#[ApiRoute(verb: 'PUT', url: '/api/v1/trash/settings')]
	public function update(int $retentionDays): DataResponse {
		try {
			$this->retention->setDays($retentionDays);
		} catch (\InvalidArgumentException $e) {
			return self::invalid($e->getMessage(), 'retentionDays');
		}
		return new DataResponse(['retentionDays' => $this->retention->days()]);
	}
}
