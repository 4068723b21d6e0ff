<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Exception\RestoreNotFoundException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Exception\UserNotFoundException;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Restore\RestoreJobs;
use OCA\Mirror\Restore\RestoreMessages;
use OCA\Mirror\Restore\RestoreRequest;
use OCA\Mirror\Restore\RestoreService;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\Attribute\PasswordConfirmationRequired;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IRequest;
use OCP\IUserSession;

/**
 * Restores from a mirror drive, started on the admin page: a preview (dry run), a restore run by a
 * background job, its progress. Admin only (no #[NoAdminRequired]): Nextcloud answers 403 to everyone else.
 *
 * A restore that overwrites the user's files has its own endpoint, restores/overwrite, which needs the
 * password confirmed in the last 30 minutes (#[PasswordConfirmationRequired]). The attribute applies to
 * a whole method and cannot depend on a parameter; checking the session's confirmation here instead
 * would copy the framework's middleware (SSO back ends, app passwords, token scopes) and drift from it.
 * So restores (mode "new" or "skip") and every preview stay here, without the password, and starting an
 * overwriting one here is refused (400, field "mode").
 *
 * @psalm-import-type MirrorRestore from ResponseDefinitions
 * @psalm-import-type MirrorRestorePreview from ResponseDefinitions
 * @psalm-import-type MirrorTrashDay from ResponseDefinitions
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class RestoreController extends OCSController {
	use ErrorResponses;

	public function __construct(
		string $appName,
		IRequest $request,
		private RestoreJobs $jobs,
		private IUserSession $session,
		private RestoreMessages $messages,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * The latest restores, newest first
	 *
	 * @return DataResponse<Http::STATUS_OK, list<MirrorRestore>, array{}>
	 *
	 * 200: Up to 20 restores
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/restores')]
	public function index(): DataResponse {
		return new DataResponse($this->jobs->recent());
	}

	/**
	 * Preview a restore (dry run) or start one in the background (same options as occ mirror:restore)
	 *
	 * @param string $userId The user whose files come back
	 * @param int $targetId The target to restore from
	 * @param string $path Only this file or folder of the user's files ('' for all)
	 * @param string $version "latest", or "trash:YYYY-MM-DD" for what went to the mirror trash that day
	 * @param string $into A folder of the user's files to restore into ('' for where each file was)
	 * @param 'new'|'overwrite'|'skip' $mode Where a different file stands: "new" (restore next to it), "overwrite" (preview only: restores/overwrite starts it) or "skip"
	 * @param bool $dryRun Only preview: check the first files and say what would happen
	 * @return DataResponse<Http::STATUS_OK, MirrorRestorePreview, array{}>|DataResponse<Http::STATUS_ACCEPTED, MirrorRestore, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: The preview
	 * 202: The restore is recorded; a background job runs it
	 * 400: A parameter was refused (field says which), the drive is not available, or an overwriting restore was started here (restores/overwrite starts it)
	 * 404: No such user or target
	 */
	#[ApiRoute(verb: 'POST', url: '/api/v1/restores')]
	public function create(string $userId = '', int $targetId = 0, string $path = '', string $version = 'latest', string $into = '', string $mode = 'new', bool $dryRun = false): DataResponse {
		if ($mode === RestoreService::MODE_OVERWRITE && !$dryRun) {
			return self::invalid($this->messages->overwriteNeedsConfirmation(), 'mode');
		}
		try {
			$request = RestoreRequest::of($userId, $targetId, $path, $version, $into, $mode);
			return $dryRun ? new DataResponse($this->jobs->preview($request)) : $this->start($request);
		} catch (InvalidParameterException|UserNotFoundException|TargetNotFoundException|TargetOfflineException $e) {
			return $this->refusal($e, $userId, $targetId);
		}
	}

	/**
	 * Start a restore in the background that overwrites different files standing where the copies go (needs the password confirmed in the last 30 minutes)
	 *
	 * @param string $userId The user whose files come back
	 * @param int $targetId The target to restore from
	 * @param string $path Only this file or folder of the user's files ('' for all)
	 * @param string $version "latest", or "trash:YYYY-MM-DD" for what went to the mirror trash that day
	 * @param string $into A folder of the user's files to restore into ('' for where each file was)
	 * @return DataResponse<Http::STATUS_ACCEPTED, MirrorRestore, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 202: The restore is recorded; a background job runs it
	 * 400: A parameter was refused (field says which), or the drive is not available
	 * 404: No such user or target
	 */
	#[PasswordConfirmationRequired]
	#[ApiRoute(verb: 'POST', url: '/api/v1/restores/overwrite')]
	public function createOverwriting(string $userId = '', int $targetId = 0, string $path = '', string $version = 'latest', string $into = ''): DataResponse {
		try {
			return $this->start(RestoreRequest::of($userId, $targetId, $path, $version, $into, RestoreService::MODE_OVERWRITE));
		} catch (InvalidParameterException|UserNotFoundException|TargetNotFoundException|TargetOfflineException $e) {
			return $this->refusal($e, $userId, $targetId);
		}
	}

	/**
	 * @return DataResponse<Http::STATUS_ACCEPTED, MirrorRestore, array{}>
	 * @throws UserNotFoundException|TargetNotFoundException|TargetOfflineException
	 */
	private function start(RestoreRequest $request): DataResponse {
		return new DataResponse($this->jobs->start($request, $this->session->getUser()?->getUID() ?? ''), Http::STATUS_ACCEPTED);
	}

	/**
	 * @return DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 */
	private function refusal(InvalidParameterException|UserNotFoundException|TargetNotFoundException|TargetOfflineException $e, string $userId, int $targetId): DataResponse {
		return match (true) {
			$e instanceof InvalidParameterException => self::invalid($this->messages->refused($e), $e->parameter),
			$e instanceof UserNotFoundException => self::notFound($this->messages->notFound('user', $userId)),
			$e instanceof TargetNotFoundException => self::notFound($this->messages->notFound('target', $targetId)),
			default => new DataResponse([
				'message' => $this->messages->offline($e->state),
				'field' => 'targetId',
				'code' => RestoreException::DRIVE_OFFLINE,
				'params' => ['reason' => (string)$e->state->reason, 'path' => $e->state->path],
			], Http::STATUS_BAD_REQUEST),
		};
	}

	/**
	 * One restore's progress
	 *
	 * @param int $id The restore's id
	 * @return DataResponse<Http::STATUS_OK, MirrorRestore, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: The restore
	 * 404: No such restore
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/restores/{id}', requirements: ['id' => '\d+'])]
	public function show(int $id): DataResponse {
		try {
			return new DataResponse($this->jobs->get($id));
		} catch (RestoreNotFoundException) {
			return self::notFound($this->messages->notFound('restore', $id));
		}
	}

	/**
	 * The days of which a target's trash holds a user's files (what version "trash:DAY" restores)
	 *
	 * @param string $userId The user
	 * @param int $targetId The target
	 * @return DataResponse<Http::STATUS_OK, list<MirrorTrashDay>, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Newest day first
	 * 404: No such user or target
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/restores/trash-days')]
	public function trashDays(string $userId = '', int $targetId = 0): DataResponse {
		try {
			return new DataResponse($this->jobs->trashDays($userId, $targetId));
		} catch (UserNotFoundException) {
			return self::notFound($this->messages->notFound('user', $userId));
		} catch (TargetNotFoundException) {
			return self::notFound($this->messages->notFound('target', $targetId));
		}
	}
}
