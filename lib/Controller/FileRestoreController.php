<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\FileNotAccessibleException;
use OCA\Mirror\Exception\RestoreFailedException;
use OCA\Mirror\Exception\TrashEntryNotFoundException;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Restore\UserRestoreService;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\NoAdminRequired;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IL10N;
use OCP\IRequest;
use OCP\IUserSession;

/**
 * Users restore their own files from the Files sidebar: an earlier version or the mirror's copy of
 * a file, a folder's deleted files. Anything that is not the current user's own is 404.
 *
 * @psalm-import-type MirrorRestoreResult from ResponseDefinitions
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
class FileRestoreController extends OCSController {
	use ErrorResponses;

	public function __construct(
		IRequest $request,
		private readonly UserRestoreService $restore,
		private readonly IUserSession $userSession,
		private readonly IL10N $l,
	) {
		parent::__construct(Application::APP_ID, $request);
	}

	/**
	 * Restore an earlier version of a file, or its copy on a mirror drive, next to the current file
	 *
	 * @param int $fileId the file id
	 * @param int|null $trashId an earlier version (an id from the file's history)
	 * @param int|null $targetId or: the mirror drive whose copy to restore
	 * @return DataResponse<Http::STATUS_OK, MirrorRestoreResult, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND|Http::STATUS_CONFLICT|Http::STATUS_SERVICE_UNAVAILABLE, MirrorApiError, array{}>
	 *
	 * 200: Restored next to the file (or the same bytes were there already)
	 * 400: Neither or both of trashId and targetId
	 * 404: No such file of the current user, or no such version or copy of it
	 * 409: Not restored: the copy failed its sha256 check, is gone, or could not be written
	 * 503: The mirror drive is not connected
	 */
	#[NoAdminRequired]
	#[ApiRoute(verb: 'POST', url: '/api/v1/files/{fileId}/restore', requirements: ['fileId' => '\d+'])]
	public function restore(int $fileId, ?int $trashId = null, ?int $targetId = null): DataResponse {
		try {
			return new DataResponse($this->restore->restoreVersion($this->userId(), $fileId, $trashId, $targetId));
		} catch (FileNotAccessibleException) {
			return self::notFound($this->l->t('File not found'));
		} catch (TrashEntryNotFoundException) {
			return self::notFound($this->l->t('No such version of this file'));
		} catch (\InvalidArgumentException $e) {
			return self::invalid($e->getMessage());
		} catch (RestoreFailedException $e) {
			return new DataResponse(['message' => $e->getMessage()], Http::STATUS_CONFLICT);
		} catch (TargetOfflineException) {
			return $this->offline();
		}
	}

	/**
	 * Restore deleted files of a folder where they were (next to a different file standing there)
	 *
	 * @param int $fileId the folder id
	 * @param non-empty-list<int>|null $ids the deleted files to restore (ids from the folder's history); all listed there when absent
	 * @psalm-param array<array-key, mixed>|null $ids
	 * @return DataResponse<Http::STATUS_OK, MirrorRestoreResult, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND|Http::STATUS_SERVICE_UNAVAILABLE, MirrorApiError, array{}>
	 *
	 * 200: What was restored, skipped (already there), mismatched or failed, file by file
	 * 400: Not a list of ids, or more than a request takes
	 * 404: No such folder of the current user, or an id that is not a deleted file of it
	 * 503: The mirror drive of every chosen file is not connected (a file on a drive that is out while others are restored is reported failed)
	 */
	#[NoAdminRequired]
	#[ApiRoute(verb: 'POST', url: '/api/v1/files/{fileId}/restore-deleted', requirements: ['fileId' => '\d+'])]
	public function restoreDeleted(int $fileId, ?array $ids = null): DataResponse {
		// @psalm-param: the request may hold anything, so it is checked here; @param says what openapi.json promises
		if ($ids !== null && (!array_is_list($ids) || array_filter($ids, static fn (mixed $id): bool => !is_int($id) && !(is_string($id) && ctype_digit($id))) !== [])) {
			return self::invalid($this->l->t('ids must be a list of whole numbers'), 'ids');
		}
		try {
			return new DataResponse($this->restore->restoreDeleted($this->userId(), $fileId, $ids === null ? null : array_map('intval', $ids)));
		} catch (FileNotAccessibleException) {
			return self::notFound($this->l->t('Folder not found'));
		} catch (TrashEntryNotFoundException) {
			return self::notFound($this->l->t('No such deleted file in this folder'));
		} catch (\InvalidArgumentException $e) {
			return self::invalid($e->getMessage(), 'ids');
		} catch (TargetOfflineException) {
			return $this->offline();
		}
	}

	/**
	 * @return DataResponse<Http::STATUS_SERVICE_UNAVAILABLE, MirrorApiError, array{}>
	 */
	private function offline(): DataResponse {
		return new DataResponse(['message' => $this->l->t('The mirror drive is not connected. Try again when it is back.')], Http::STATUS_SERVICE_UNAVAILABLE);
	}

	private function userId(): string {
		// #[NoAdminRequired] still requires a logged-in user
		return (string)$this->userSession->getUser()?->getUID();
	}
}
