<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Controller;

use OCA\Mirror\ResponseDefinitions;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\DataResponse;

/**
 * One shape for every refusal: {message, field?} in the OCS data, with the HTTP status.
 *
 * @psalm-import-type MirrorApiError from ResponseDefinitions
 */
trait ErrorResponses {
	/**
	 * @param string|null $field the request parameter at fault, for forms that show the message beside it
	 * @return DataResponse<Http::STATUS_BAD_REQUEST, MirrorApiError, array{}>
	 */
	private static function invalid(string $message, ?string $field = null): DataResponse {
		return new DataResponse($field === null ? ['message' => $message] : ['message' => $message, 'field' => $field], Http::STATUS_BAD_REQUEST);
	}

	/**
	 * @return DataResponse<Http::STATUS_NOT_FOUND, MirrorApiError, array{}>
	 */
	private static function notFound(string $message): DataResponse {
		return new DataResponse(['message' => $message], Http::STATUS_NOT_FOUND);
	}
}
