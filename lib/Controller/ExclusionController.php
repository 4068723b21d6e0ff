<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\Exception\InvalidExclusionException;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\Exclusion\ExclusionRules;
use OCA\Mirror\Source\Exclusion\ExclusionSettings;
use OCA\Mirror\Status\Coverage\CoverageReport;
use OCA\Mirror\Status\ExclusionMessages;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IRequest;

/**
 * What the mirror leaves out (the admin's exclusions), what that will move to the mirror trash at the
 * next reconcile, and the coverage report. Admin only.
 *
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 * @psalm-import-type MirrorExclusions from ResponseDefinitions
 * @psalm-import-type MirrorCoverage from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class ExclusionController extends OCSController {
	public function __construct(
		string $appName,
		IRequest $request,
		private ExclusionSettings $settings,
		private CoverageReport $coverage,
		private ExclusionMessages $messages,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * The exclusions, and per target how many copies they will move to the mirror trash at the next reconcile
	 *
	 * @return DataResponse<Http::STATUS_OK, MirrorExclusions, array{}>
	 *
	 * 200: The exclusions and what they will move
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/exclusions')]
	public function index(): DataResponse {
		return new DataResponse($this->exclusions());
	}

	/**
	 * Change the exclusions: copies of what is left out now move to the mirror trash at the next reconcile, what is no longer left out is copied then
	 *
	 * @param list<string> $patterns Names (*.tmp) or folder names (.thumbnails/) to leave out
	 * @param list<string> $users User ids to leave out
	 * @param list<string> $groups Group ids whose members are left out
	 * @param int|null $maxSize Files larger than this many bytes are left out (null: no limit)
	 * @return DataResponse<Http::STATUS_OK, MirrorExclusions, array{}>|DataResponse<Http::STATUS_BAD_REQUEST, MirrorApiError, array{}>
	 *
	 * 200: Saved; what they will move
	 * 400: A bad pattern, an unknown user or group, a size of 0 or less: nothing was changed
	 */
	#[ApiRoute(verb: 'PUT', url: '/api/v1/exclusions')]
	public function update(array $patterns = [], array $users = [], array $groups = [], ?int $maxSize = null): DataResponse {
		foreach (['patterns' => $patterns, 'users' => $users, 'groups' => $groups] as $field => $list) {
			if (!array_is_list($list) || array_filter($list, static fn (mixed $v): bool => !is_string($v)) !== []) {
				return new DataResponse(['message' => 'The parameter "' . $field . '" must be a list of strings.', 'field' => $field], Http::STATUS_BAD_REQUEST);
			}
		}
		/** @var list<string> $patterns */
		/** @var list<string> $users */
		/** @var list<string> $groups */
		try {
			$this->settings->save($patterns, $users, $groups, $maxSize);
		} catch (InvalidExclusionException $e) {
			$field = str_starts_with($e->reason, 'pattern') ? 'patterns' : match ($e->reason) {
				'unknown_user' => 'users',
				'unknown_group' => 'groups',
				default => 'maxSize',
			};
			return new DataResponse(['message' => $this->messages->refusal($e), 'field' => $field, 'code' => $e->reason, 'params' => ['value' => $e->value]], Http::STATUS_BAD_REQUEST);
		}
		return new DataResponse($this->exclusions());
	}

	/**
	 * The coverage report: per user, files and bytes in Nextcloud, left out (and why), mirrored, not copied, and what goes to the mirror trash at the next reconcile
	 *
	 * @return DataResponse<Http::STATUS_OK, MirrorCoverage, array{}>
	 *
	 * 200: The report
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/coverage')]
	public function coverage(): DataResponse {
		return new DataResponse($this->coverage->report());
	}

	/**
	 * @return MirrorExclusions
	 */
	private function exclusions(): array {
		return [
			'rules' => $this->settings->rules()->toArray(),
			'defaults' => ExclusionRules::DEFAULT_PATTERNS,
			'toTrash' => $this->coverage->report()['toTrash'],
		];
	}
}
