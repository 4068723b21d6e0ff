<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Status\UserStatusPager;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IL10N;
use OCP\IRequest;

/**
 * Per user and target: files, replicated, pending, failed, bytes, last copy. Admin only.
 *
 * @psalm-import-type MirrorStatusPage from ResponseDefinitions
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class StatusController extends OCSController {
	use ErrorResponses;

	public const MAX_FILTER_LENGTH = 100;

	public function __construct(
		string $appName,
		IRequest $request,
		private UserStatusPager $pager,
		private IL10N $l,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * One page of the users × targets status table
	 *
	 * @param int $offset Rows to skip
	 * @param int $limit Rows to return (1 to 200)
	 * @param 'displayName'|'userId'|'files'|'replicated'|'pending'|'failed'|'bytes'|'lastReplicatedAt'|'progress' $sort Column: displayName, userId, files, replicated, pending, failed, bytes, lastReplicatedAt or progress
	 * @param 'asc'|'desc' $direction asc or desc
	 * @param string $filter Part of a user id, display name or email address
	 * @param int|null $targetId Only this target's rows
	 * @return DataResponse<Http::STATUS_OK, MirrorStatusPage, array{}>|DataResponse<Http::STATUS_BAD_REQUEST, MirrorApiError, array{}>
	 *
	 * 200: The page
	 * 400: A parameter is out of range
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/status')]
	public function index(int $offset = 0, int $limit = 50, string $sort = 'displayName', string $direction = 'asc', string $filter = '', ?int $targetId = null): DataResponse {
		if ($offset < 0) {
			return self::invalid($this->l->t('offset must be 0 or more.'), 'offset');
		}
		if ($limit < 1 || $limit > UserStatusPager::MAX_LIMIT) {
			return self::invalid($this->l->t('limit must be between 1 and %d.', [UserStatusPager::MAX_LIMIT]), 'limit');
		}
		if (!in_array($sort, UserStatusPager::SORTS, true)) {
			return self::invalid($this->l->t('sort must be one of: %s.', [implode(', ', UserStatusPager::SORTS)]), 'sort');
		}
		if ($direction !== 'asc' && $direction !== 'desc') {
			return self::invalid($this->l->t('direction must be asc or desc.'), 'direction');
		}
		if (mb_strlen($filter) > self::MAX_FILTER_LENGTH) {
			return self::invalid($this->l->t('filter must be at most %d characters long.', [self::MAX_FILTER_LENGTH]), 'filter');
		}
		return new DataResponse($this->pager->page($offset, $limit, $sort, $direction, trim($filter), $targetId));
	}
}
