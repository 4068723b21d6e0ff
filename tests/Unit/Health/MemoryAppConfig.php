<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Health;

use OCP\IAppConfig;
use PHPUnit\Framework\MockObject\MockObject;

/**
 * An IAppConfig that keeps string values in memory, as the health classes use it.
 *
 * @psalm-require-extends \PHPUnit\Framework\TestCase
 */
trait MemoryAppConfig {
	/** @var array<string, string> */
	private array $appConfigValues = [];

	private function memoryAppConfig(): IAppConfig&MockObject {
		$config = $this->createMock(IAppConfig::class);
		$config->method('getValueString')->willReturnCallback(fn (string $app, string $key, string $default = ''): string => $this->appConfigValues[$key] ?? $default);
		$config->method('setValueString')->willReturnCallback(function (string $app, string $key, string $value): bool {
			$this->appConfigValues[$key] = $value;
			return true;
		});
		return $config;
	}
}
