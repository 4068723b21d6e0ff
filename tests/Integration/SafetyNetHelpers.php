<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * What SafetyNetTest and SafetyNetCountsTest share: a photo that looks like one, and Mirror's OCS API.
 */
trait SafetyNetHelpers {
	/**
	 * @return string a JPEG-looking photo: the signature, then noise
	 */
	private static function photo(): string {
		return "\xFF\xD8\xFF\xE0" . random_bytes(2_000);
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $uid, string $method, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}
}
