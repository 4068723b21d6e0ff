<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Model;

use OCA\Mirror\Drive\RecoveryKey;
use PHPUnit\Framework\TestCase;

class RecoveryKeyTest extends TestCase {
	public function testItReadsBackAsShownWithOrWithoutDashesInAnyCase(): void {
		for ($i = 0; $i < 50; $i++) {
			$key = RecoveryKey::fromBytes(random_bytes(32));
			$text = $key->toString();
			$this->assertMatchesRegularExpression('/^[A-Z2-7]{4}(-[A-Z2-7]{4}){12}$/', $text);
			$this->assertSame($key->bytes(), RecoveryKey::parse($text)->bytes());
			$this->assertSame($key->bytes(), RecoveryKey::parse(' ' . strtolower(str_replace('-', ' ', $text)) . "\n")->bytes());
			$this->assertSame($key->bytes(), RecoveryKey::parse(str_replace('-', '', $text))->bytes());
		}
		$this->assertSame('AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA', RecoveryKey::fromBytes(str_repeat("\0", 32))->toString());
		$this->assertSame('7777-7777-7777-7777-7777-7777-7777-7777-7777-7777-7777-7777-7777', substr(RecoveryKey::fromBytes(str_repeat("\xff", 32))->toString(), 0, -4) . '7777');
		$this->assertStringEndsWith('-777Q', RecoveryKey::fromBytes(str_repeat("\xff", 32))->toString(), 'the last character carries one bit');
	}

	/**
	 * @return array<string, array{0: string}>
	 */
	public static function notKeys(): array {
		$good = RecoveryKey::fromBytes(str_repeat("\xff", 32))->toString();
		return [
			'empty' => [''],
			'too short' => [substr($good, 0, -5)],
			'too long' => [$good . '-AAAA'],
			'a zero' => ['0' . substr($good, 1)],
			'an eight' => [substr($good, 0, -1) . '8'],
			'a last character no key ends with' => [substr($good, 0, -1) . '7'],
			'hex' => [bin2hex(random_bytes(32))],
		];
	}

	/**
	 * @dataProvider notKeys
	 */
	public function testAnythingElseIsAClearError(string $text): void {
		$this->expectException(\InvalidArgumentException::class);
		$this->expectExceptionMessage('This is not a Mirror recovery key');
		RecoveryKey::parse($text);
	}
}
