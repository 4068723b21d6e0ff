<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\External\ExternalStorageModes;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IL10N;
use OCP\IRequest;

/**
 * The external storages (files_external), their size, and whether Mirror copies each. Admin only.
 *
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 * @psalm-import-type MirrorExternalStorage from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class ExternalStorageController extends OCSController {
	public function __construct(
		string $appName,
		IRequest $request,
		private ExternalStorageModes $modes,
		private IL10N $l,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * The external storages, with what the file cache holds of each and whether Mirror copies it
	 *
	 * @return DataResponse<Http::STATUS_OK, list<MirrorExternalStorage>, array{}>
	 *
	 * 200: The storages (none while the External storage app is disabled)
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/external')]
	public function index(): DataResponse {
		return new DataResponse($this->modes->list());
	}

	/**
	 * Choose whether Mirror copies an external storage: off (copies made before go to the mirror trash at the next reconcile), users (as part of the files of each user it is mounted for, at its path there: one copy per user) or shared (once, under "<mount point> (external storage)")
	 *
	 * @param int $id The storage's mount id
	 * @param string $mode off, users or shared
	 * @return DataResponse<Http::STATUS_OK, MirrorExternalStorage, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Saved
	 * 400: A mode that is not off, users or shared (code mode_invalid), shared for a mount point too long to mirror (mount_point_too_long), or shared for a mount point another storage is mirrored once under (mount_point_taken): nothing was changed
	 * 404: No such external storage
	 */
	#[ApiRoute(verb: 'PUT', url: '/api/v1/external/{id}')]
	public function update(int $id, string $mode): DataResponse {
		$storage = $this->modes->find((string)$id);
		if ($storage === null) {
			return $this->notFound($id);
		}
		$refusal = $this->modes->refusal($storage, $mode);
		if ($refusal !== null) {
			return new DataResponse(['message' => $refusal['message'], 'field' => 'mode', 'code' => $refusal['code']], Http::STATUS_BAD_REQUEST);
		}
		/** @var 'off'|'users'|'shared' $mode checked by refusal() above */
		$this->modes->set($storage, $mode);
		$listed = $this->modes->listed($id);
		return $listed === null ? $this->notFound($id) : new DataResponse($listed);
	}

	/** @return DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}> */
	private function notFound(int $id): DataResponse {
		return new DataResponse(['message' => $this->l->t('There is no external storage "%s" (see occ mirror:external:list).', [(string)$id])], Http::STATUS_NOT_FOUND);
	}
}
