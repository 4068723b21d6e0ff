<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Status\FilesPageTexts;
use OCP\IL10N;
use PHPUnit\Framework\TestCase;

class FilesPageTextsTest extends TestCase {
	public function testEveryWordOfTheFilesScriptGoesThroughIl10n(): void {
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text): string => '«' . $text . '»');
		$texts = (new FilesPageTexts($l))->all();
		foreach ($texts as $key => $text) {
			$this->assertMatchesRegularExpression('/^«[^«»]+»$/', $text, "$key is translated");
		}
		$this->assertSame('«Mirrored: a verified copy is on every mirror drive»', $texts['replicated']);
	}

	public function testItGivesTheScriptExactlyTheWordsItReads(): void {
		// src/files/texts.ts: interface FilesTexts { key: string … }
		$source = (string)file_get_contents(__DIR__ . '/../../../src/files/texts.ts');
		$this->assertSame(1, preg_match('/interface FilesTexts \{([^}]*)\}/', $source, $m));
		preg_match_all('/^\s*(\w+): string$/m', $m[1], $keys);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnArgument(0);
		$this->assertSame($keys[1], array_keys((new FilesPageTexts($l))->all()));
	}
}
