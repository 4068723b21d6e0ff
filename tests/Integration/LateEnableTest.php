<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * An instance that already holds files when the app is enabled (issue item 8).
 */
final class LateEnableTest extends IntegrationTestCase {
	protected static function enableAppOnSetUp(): bool {
		return false;
	}

	public function testFilesStoredBeforeTheAppWasEnabledAreAllMirrored(): void {
		$anna = $this->user('anna');
		$ben = $this->user('ben');
		$this->dav()->mkdirs($anna, 'Photos/2019');
		$this->dav()->put($anna, 'Photos/2019/beach.jpg', random_bytes(30_000), 1_560_000_000);
		$this->dav()->put($anna, 'todo.txt', 'milk');
		$this->dav()->put($ben, 'thesis.pdf', random_bytes(50_000));

		$this->occOk(['app:enable', 'mirror']);
		$target = $this->newTarget('late');
		$dry = $this->occOk(['mirror:resync', '--dry-run', '--output=json']);
		$this->assertGreaterThanOrEqual(3, $dry->json()['files'] ?? 0, "resync compares every stored file:\n" . $dry->describe());
		$this->occOk(['mirror:resync']);
		$this->processOk();

		$this->assertUserMirrored($target, $anna);
		$this->assertUserMirrored($target, $ben);
		$this->assertSame(1_560_000_000, filemtime($this->mirrorPath($target, $anna, 'Photos/2019/beach.jpg')));
		$after = $this->occOk(['mirror:resync', '--dry-run', '--output=json'])->json();
		$this->assertSame([], $after['differences'] ?? null, 'nothing left to do');
	}
}
