<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Queue\ResyncService;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Status\ResyncProgress;
use OCA\Mirror\Status\TargetOverview;
use OCA\Mirror\Status\TargetProblemMessages;
use OCA\Mirror\Target\TargetService;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\OpenAPI;
use OCP\AppFramework\Http\Attribute\PasswordConfirmationRequired;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\OCSController;
use OCP\IRequest;

/**
 * The mirror targets: list, add, rename, enable or disable, forget, check now, resync.
 * Admin only (no #[NoAdminRequired] anywhere): Nextcloud answers 403 to everyone else. Adding,
 * changing and forgetting a target also need the admin's password confirmed in the last 30 minutes
 * (#[PasswordConfirmationRequired]; 403 without): a target decides where every user's files are
 * written. A rename asks for it too: the attribute cannot depend on the fields sent, and one
 * confirmation covers the next half hour.
 *
 * @psalm-import-type MirrorTarget from ResponseDefinitions
 * @psalm-import-type MirrorRemovedTarget from ResponseDefinitions
 * @psalm-import-type MirrorResyncProgress from ResponseDefinitions
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
#[OpenAPI(scope: OpenAPI::SCOPE_ADMINISTRATION)]
class TargetController extends OCSController {
	use ErrorResponses;

	public function __construct(
		string $appName,
		IRequest $request,
		private TargetService $targets,
		private TargetOverview $overview,
		private ResyncService $resync,
		private ResyncProgress $resyncProgress,
		private TargetProblemMessages $problems,
	) {
		parent::__construct($appName, $request);
	}

	/**
	 * List the targets with their state
	 *
	 * @return DataResponse<Http::STATUS_OK, list<MirrorTarget>, array{}>
	 *
	 * 200: Every target, its state checked now
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/targets')]
	public function index(): DataResponse {
		return new DataResponse($this->overview->all());
	}

	/**
	 * Add a target (same rules as occ mirror:target:add)
	 *
	 * @param string $path Absolute path of the folder on the server (the drive's mount point)
	 * @param string $name Name shown to people; the folder's name when empty
	 * @param bool $offlineDrive A drive plugged in now and then: unplugged is no alarm; several may share one mount point
	 * @return DataResponse<Http::STATUS_CREATED, MirrorTarget, array{}>|DataResponse<Http::STATUS_BAD_REQUEST, MirrorApiError, array{}>
	 *
	 * 201: Target added; everything is queued for it
	 * 400: The path or the name was refused (field says which)
	 */
	#[PasswordConfirmationRequired]
	#[ApiRoute(verb: 'POST', url: '/api/v1/targets')]
	public function create(string $path = '', string $name = '', bool $offlineDrive = false): DataResponse {
		if (trim($name) !== '') {
			try {
				$name = $this->targets->validateName($name);
			} catch (InvalidTargetException $e) {
				return $this->refused($e, 'name');
			}
		}
		try {
			$target = $this->targets->add($path, trim($name) === '' ? null : $name, false, $offlineDrive);
		} catch (InvalidTargetException $e) {
			// the name passed above: whatever is refused now is about the path
			return $this->refused($e, 'path');
		}
		return new DataResponse($this->overview->one($target->getId()), Http::STATUS_CREATED);
	}

	/**
	 * Rename a target, enable or disable it
	 *
	 * @param int $id Target id
	 * @param string|null $name New name
	 * @param bool|null $enabled Whether files are copied to it (enabling queues everything)
	 * @param bool|null $offlineDrive Whether it is an offline drive (plugged in now and then)
	 * @param string|null $node The host name of the server its drive is plugged into (only that one copies to it)
	 * @param 'auto'|'always'|'never'|null $readBack Whether copies are read back from the drive after writing (auto: on FUSE and removable drives)
	 * @return DataResponse<Http::STATUS_OK, MirrorTarget, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Target updated
	 * 400: Nothing to change, the name or the server's name was refused, or it cannot become an ordinary target (it shares its mount point)
	 * 404: No such target
	 */
	#[PasswordConfirmationRequired]
	#[ApiRoute(verb: 'PUT', url: '/api/v1/targets/{id}', requirements: ['id' => '\d+'])]
	#[ApiRoute(verb: 'PATCH', url: '/api/v1/targets/{id}', requirements: ['id' => '\d+'], postfix: 'patch')]
	public function update(int $id, ?string $name = null, ?bool $enabled = null, ?bool $offlineDrive = null, ?string $node = null, ?string $readBack = null): DataResponse {
		if ($name === null && $enabled === null && $offlineDrive === null && $node === null && $readBack === null) {
			return self::invalid($this->problems->nothingToChange());
		}
		try {
			if ($name !== null) {
				try {
					$this->targets->rename($id, $name);
				} catch (InvalidTargetException $e) {
					return $this->refused($e, 'name');
				}
			}
			if ($node !== null) {
				try {
					$this->targets->moveNode($id, $node);
				} catch (InvalidTargetException $e) {
					return $this->refused($e, 'node');
				}
			}
			if ($offlineDrive !== null) {
				try {
					$this->targets->setOfflineDrive($id, $offlineDrive);
				} catch (InvalidTargetException $e) {
					return $this->refused($e, 'offlineDrive');
				}
			}
			if ($readBack !== null) {
				try {
					$this->targets->setReadBack($id, $readBack);
				} catch (InvalidTargetException $e) {
					return $this->refused($e, 'readBack');
				}
			}
			if ($enabled !== null) {
				$this->targets->setEnabled($id, $enabled);
			}
			return new DataResponse($this->overview->one($id));
		} catch (TargetNotFoundException) {
			return self::notFound($this->problems->notFound($id));
		}
	}

	/**
	 * Forget a target; the files on the drive stay
	 *
	 * @param int $id Target id
	 * @return DataResponse<Http::STATUS_OK, MirrorRemovedTarget, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Target forgotten (its queue and records are gone, its data is not)
	 * 404: No such target
	 */
	#[PasswordConfirmationRequired]
	#[ApiRoute(verb: 'DELETE', url: '/api/v1/targets/{id}', requirements: ['id' => '\d+'])]
	public function destroy(int $id): DataResponse {
		try {
			$target = $this->targets->remove($id);
		} catch (TargetNotFoundException) {
			return self::notFound($this->problems->notFound($id));
		}
		return new DataResponse(['id' => $id, 'name' => $target->getName(), 'path' => $target->getPath()]);
	}

	/**
	 * Check a target now (mounted, marker, writable, free space)
	 *
	 * @param int $id Target id
	 * @return DataResponse<Http::STATUS_OK, MirrorTarget, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: The target with its state as of now
	 * 404: No such target
	 */
	#[ApiRoute(verb: 'POST', url: '/api/v1/targets/{id}/check', requirements: ['id' => '\d+'])]
	public function check(int $id): DataResponse {
		try {
			return new DataResponse($this->overview->one($id));
		} catch (TargetNotFoundException) {
			return self::notFound($this->problems->notFound($id));
		}
	}

	/**
	 * Start a resync: compare every user's files with the target and queue the differences
	 *
	 * @param int $id Target id
	 * @return DataResponse<Http::STATUS_ACCEPTED, MirrorResyncProgress, array{}>|DataResponse<Http::STATUS_BAD_REQUEST|Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 202: Queued; the background job does the work
	 * 400: The target is disabled
	 * 404: No such target
	 */
	#[ApiRoute(verb: 'POST', url: '/api/v1/targets/{id}/resync', requirements: ['id' => '\d+'])]
	public function resync(int $id): DataResponse {
		try {
			return new DataResponse($this->resyncProgress->progress($this->resync->start($this->targets->get($id))), Http::STATUS_ACCEPTED);
		} catch (TargetNotFoundException) {
			return self::notFound($this->problems->notFound($id));
		} catch (InvalidTargetException $e) {
			return $this->refused($e);
		}
	}

	/**
	 * How far a resync got
	 *
	 * @param int $id Target id
	 * @return DataResponse<Http::STATUS_OK, MirrorResyncProgress, array{}>|DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 *
	 * 200: Progress
	 * 404: No such target
	 */
	#[ApiRoute(verb: 'GET', url: '/api/v1/targets/{id}/resync', requirements: ['id' => '\d+'])]
	public function resyncProgress(int $id): DataResponse {
		try {
			return new DataResponse($this->resyncProgress->progress($this->targets->get($id)));
		} catch (TargetNotFoundException) {
			return self::notFound($this->problems->notFound($id));
		}
	}

	/**
	 * A refused path or setting: the sentence in the reader's language, and its code and parameters
	 * for a client that words it itself.
	 *
	 * @param string|null $field the request parameter at fault
	 * @return DataResponse<Http::STATUS_BAD_REQUEST, MirrorApiError, array{}>
	 */
	private function refused(InvalidTargetException $e, ?string $field = null): DataResponse {
		$data = ['message' => $this->problems->message($e)];
		if ($field !== null) {
			$data['field'] = $field;
		}
		if ($e->reason !== InvalidTargetException::INVALID) {
			$data['code'] = $e->reason;
		}
		if ($e->params !== []) {
			$data['params'] = $e->params;
		}
		return new DataResponse($data, Http::STATUS_BAD_REQUEST);
	}
}
