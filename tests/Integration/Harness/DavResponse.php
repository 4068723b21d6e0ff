<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

final class DavResponse {
	/** @param array<string,string> $headers lower-cased names */
	public function __construct(
		public readonly string $method,
		public readonly string $url,
		public readonly int $status,
		public readonly array $headers,
		public readonly string $body,
	) {
	}

	/** Throws unless the status is one of $expected. */
	public function expect(int ...$expected): self {
		if (!in_array($this->status, $expected, true)) {
			throw new \RuntimeException(sprintf("%s %s: HTTP %d, expected %s\n%s",
				$this->method, $this->url, $this->status, implode('/', $expected), substr($this->body, 0, 3000)));
		}
		return $this;
	}

	public function header(string $name): ?string {
		return $this->headers[strtolower($name)] ?? null;
	}
}
