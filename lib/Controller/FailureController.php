<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Status\FailureLister;
use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IL10N;
use OCP\IRequest;

/**
 * The files that could not be mirrored, and retrying them now. Admin only.
 *
 * @psalm-import-type MirrorFailurePage from ResponseDefinitions
 * @psalm-import-type MirrorRetried from ResponseDefinitions
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class FailureController extends OCSController {
	use ErrorResponses;

	public function __construct(
		string $appName,
		IRequest $request,
		private FailureLister $failures,
		private WorkQueue $queue,
		private IL10N $l,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * The latest failures, newest first
	 *
	 * @param int $limit How many (1 to 200)
	 * @param int $offset How many to skip
	 * @param int|null $targetId Only this target's failures
	 * @return DataResponse<Http::STATUS_OK, MirrorFailurePage, array{}>|DataResponse<Http::STATUS_BAD_REQUEST, MirrorApiError, array{}>
	 *
	 * 200: The failures
	 * 400: A parameter is out of range
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/failures')]
	public function index(int $limit = 50, int $offset = 0, ?int $targetId = null): DataResponse {
		if ($limit < 1 || $limit > FailureLister::MAX_LIMIT) {
			return self::invalid($this->l->t('limit must be between 1 and %d.', [FailureLister::MAX_LIMIT]), 'limit');
		}
		if ($offset < 0) {
			return self::invalid($this->l->t('offset must be 0 or more.'), 'offset');
		}
		return new DataResponse($this->failures->page($limit, $offset, $targetId));
	}

	/**
	 * Retry one failed item now
	 *
	 * @param int $id Failure (queue item) id
	 * @return DataResponse<Http::STATUS_OK, MirrorRetried, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Due now; the next queue run tries it
	 * 404: No such item (it may have succeeded meanwhile)
	 */
	#[ApiRoute(verb: 'POST', url: '/api/v1/failures/{id}/retry', requirements: ['id' => '\d+'])]
	public function retry(int $id): DataResponse {
		try {
			$item = $this->queue->retry($id);
		} catch (DoesNotExistException) {
			return self::notFound($this->l->t('There is no queued item with id %s: it may have been copied meanwhile.', [(string)$id]));
		}
		return new DataResponse(['retried' => $item->isFailed() ? 1 : 0]);
	}

	/**
	 * Retry every failed item now
	 *
	 * @param int|null $targetId Only this target's failures
	 * @return DataResponse<Http::STATUS_OK, MirrorRetried, array{}>
	 *
	 * 200: How many items are due now
	 */
	#[ApiRoute(verb: 'POST', url: '/api/v1/failures/retry')]
	public function retryAll(?int $targetId = null): DataResponse {
		return new DataResponse(['retried' => $this->queue->retryAll($targetId)]);
	}
}
