<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Restore;

use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Restore\RestoreRequest;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

class RestoreRequestTest extends TestCase {
	public function testAGoodRequestIsNormalized(): void {
		$request = RestoreRequest::of('alice', 3, '/Photos//2026/', 'trash:2024-02-29', './Recovered/', 'skip');
		$this->assertSame(['alice', 3, 'Photos/2026', 'trash:2024-02-29', 'Recovered', 'skip'],
			[$request->userId, $request->targetId, $request->path, $request->version, $request->into, $request->mode]);
		$this->assertSame('latest', RestoreRequest::of('alice', 3, '', 'latest', '', 'new')->version);
	}

	/**
	 * @return array<string, array{0: array{string, string, string, string}, 1: string}>
	 */
	public static function refused(): array {
		return [
			'a mode nobody knows' => [['', 'latest', '', 'always'], 'mode'],
			'a word for a version' => [['', 'yesterday', '', 'new'], 'version'],
			'a date that does not exist' => [['', 'trash:2026-02-30', '', 'new'], 'version'],
			'a date without its prefix' => [['', '2026-01-01', '', 'new'], 'version'],
			'a path that leaves the user\'s files' => [['Photos/../../etc', 'latest', '', 'new'], 'path'],
			'a folder that leaves them' => [['', 'latest', '../bob', 'new'], 'into'],
			'a NUL in a path' => [["a\0b", 'latest', '', 'new'], 'path'],
		];
	}

	/**
	 * @param array{string, string, string, string} $args path, version, into, mode
	 */
	#[DataProvider('refused')]
	public function testBadInputNamesTheParameter(array $args, string $field): void {
		try {
			RestoreRequest::of('alice', 1, ...$args);
			$this->fail('accepted');
		} catch (InvalidParameterException $e) {
			$this->assertSame($field, $e->parameter);
			$this->assertStringContainsString('"' . $field . '"', $e->getMessage());
		}
	}
}
