<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Exception\FileNotAccessibleException;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Status\FileDetailsService;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\NoAdminRequired;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IL10N;
use OCP\IRequest;
use OCP\IUserSession;

/**
 * The mirror state of one file or folder, for the Files sidebar: only for files the current user
 * can access (their own, or shared with them).
 *
 * @psalm-import-type MirrorFileStatus from ResponseDefinitions
 * @psalm-import-type MirrorFileHistory from ResponseDefinitions
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
class FileStatusController extends OCSController {
	public function __construct(
		IRequest $request,
		private FileDetailsService $details,
		private WorkQueue $queue,
		private IUserSession $userSession,
		private IL10N $l,
	) {
		parent::__construct(Application::APP_ID, $request);
	}

	/**
	 * The mirror state of a file (per target) or a folder (counts of its files by state)
	 *
	 * @param int $fileId the file id
	 * @return DataResponse<Http::STATUS_OK, MirrorFileStatus, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: The state
	 * 404: No such file for the current user
	 */
	#[NoAdminRequired]
	#[ApiRoute(verb: 'GET', url: '/api/v1/files/{fileId}', requirements: ['fileId' => '\d+'])]
	public function show(int $fileId): DataResponse {
		try {
			return new DataResponse($this->details->details($this->userId(), $fileId));
		} catch (FileNotAccessibleException) {
			return new DataResponse(['message' => $this->l->t('File not found')], Http::STATUS_NOT_FOUND);
		}
	}

	/**
	 * What the mirror trash holds of a file (earlier versions) or a folder (files deleted from it)
	 *
	 * @param int $fileId the file or folder id
	 * @return DataResponse<Http::STATUS_OK, MirrorFileHistory, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Dates, sizes and why; never a path on the server
	 * 404: No such file for the current user
	 */
	#[NoAdminRequired]
	#[ApiRoute(verb: 'GET', url: '/api/v1/files/{fileId}/history', requirements: ['fileId' => '\d+'])]
	public function history(int $fileId): DataResponse {
		try {
			return new DataResponse($this->details->history($this->userId(), $fileId));
		} catch (FileNotAccessibleException) {
			return new DataResponse(['message' => $this->l->t('File not found')], Http::STATUS_NOT_FOUND);
		}
	}

	/**
	 * Retry a file's failed copies now
	 *
	 * @param int $fileId the file id
	 * @return DataResponse<Http::STATUS_OK, MirrorFileStatus, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: The failed copies are due now; the state afterwards
	 * 400: Not a file the mirror copies (a folder, or out of scope)
	 * 404: No such file for the current user
	 */
	#[NoAdminRequired]
	#[ApiRoute(verb: 'POST', url: '/api/v1/files/{fileId}/retry', requirements: ['fileId' => '\d+'])]
	public function retry(int $fileId): DataResponse {
		try {
			$this->details->assertRetryable($this->userId(), $fileId);
			$this->queue->retryAll(null, $fileId);
			return new DataResponse($this->details->details($this->userId(), $fileId));
		} catch (FileNotAccessibleException) {
			return new DataResponse(['message' => $this->l->t('File not found')], Http::STATUS_NOT_FOUND);
		} catch (\InvalidArgumentException) {
			// assertRetryable's one refusal; its English stays in the exception for the log
			return new DataResponse(['message' => $this->l->t('Only files the mirror copies can be retried')], Http::STATUS_BAD_REQUEST);
		}
	}

	private function userId(): string {
		// #[NoAdminRequired] still requires a logged-in user
		return (string)$this->userSession->getUser()?->getUID();
	}
}
