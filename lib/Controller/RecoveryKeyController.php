<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\Replication\RecoveryKeys;
use OCA\Mirror\ResponseDefinitions;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\Attribute\PasswordConfirmationRequired;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IRequest;

/**
 * The recovery key, for the admin to keep in a password manager. Admin only, and only with the
 * password in the request itself (strict confirmation): the key decides which manifests on a drive
 * are believed, so an open admin session alone does not show it.
 *
 * @psalm-import-type MirrorRecoveryKey from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class RecoveryKeyController extends OCSController {
	public function __construct(
		string $appName,
		IRequest $request,
		private RecoveryKeys $keys,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * The recovery key that signs the manifests on the drives (created on first use)
	 *
	 * @return DataResponse<Http::STATUS_OK, MirrorRecoveryKey, array{}>
	 *
	 * 200: The key, in groups of four
	 */
	#[PasswordConfirmationRequired(strict: true)]
	#[ApiRoute(verb: 'GET', url: '/api/v1/recovery-key')]
	public function show(): DataResponse {
		return new DataResponse(['recoveryKey' => $this->keys->current()->toString()]);
	}
}
