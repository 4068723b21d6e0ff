<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Service;

use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Replication\RecoveryKeys;
use OCP\IAppConfig;
use PHPUnit\Framework\TestCase;

class RecoveryKeysTest extends TestCase {
	/** @var list<array{0: string, 1: bool, 2: bool}> value, lazy, sensitive of every write */
	private array $writes = [];
	private string $stored = '';

	private function keys(): RecoveryKeys {
		$config = $this->createMock(IAppConfig::class);
		$config->method('getValueString')->willReturnCallback(fn (): string => $this->stored);
		$config->method('setValueString')->willReturnCallback(function (string $app, string $key, string $value, bool $lazy = false, bool $sensitive = false): bool {
			$this->assertSame(['mirror', 'recovery_key'], [$app, $key]);
			$this->writes[] = [$value, $lazy, $sensitive];
			$this->stored = $value;
			return true;
		});
		return new RecoveryKeys($config);
	}

	public function testItIsCreatedOnceAsASensitiveValueAndThenKept(): void {
		$keys = $this->keys();
		$first = $keys->current();
		$this->assertSame([[$first->toString(), true, true]], $this->writes);
		$this->assertTrue($first->equals($keys->current()));
		$this->assertCount(1, $this->writes, 'not created again');
		$this->assertNotSame(str_repeat("\0", 32), $first->bytes());
	}

	public function testAGivenKeyIsUsedForTheRunAndTakenOverOnlyWhenAdopted(): void {
		$keys = $this->keys();
		$own = $keys->current();
		$given = RecoveryKey::fromBytes(str_repeat("\x07", 32));
		$this->assertTrue($given->equals($keys->forRun(strtolower($given->toString()))));
		$this->assertTrue($own->equals($keys->current()), 'using it changes nothing');
		$this->assertTrue($own->equals($keys->forRun(null)));
		$this->assertTrue($keys->adopt($given));
		$this->assertTrue($given->equals($keys->current()));
		$this->assertFalse($keys->adopt($given), 'already the server\'s');
		$this->expectException(\InvalidArgumentException::class);
		$keys->forRun('not a key');
	}
}
