<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Source\Exclusion;

use OCA\Mirror\Exception\InvalidExclusionException;
use OCA\Mirror\Source\Exclusion\Exclusion;
use OCA\Mirror\Source\Exclusion\ExclusionRules;
use OCA\Mirror\Source\Exclusion\Pattern;
use PHPUnit\Framework\TestCase;

class ExclusionsTest extends TestCase {
	public function testANamePatternLeavesOutFilesAndFoldersOfThatNameAnywhere(): void {
		$tmp = Pattern::parse('*.tmp');
		self::assertTrue($tmp->matchesPath('a.tmp'));
		self::assertTrue($tmp->matchesPath('Docs/x/report.tmp'));
		self::assertTrue($tmp->matchesPath('Docs/build.tmp/inside.txt'));
		self::assertFalse($tmp->matchesPath('Docs/a.tmp.txt'));
		self::assertFalse($tmp->matchesPath('tmp'));
		$one = Pattern::parse('IMG_?.jpg');
		self::assertTrue($one->matchesPath('IMG_1.jpg'));
		self::assertFalse($one->matchesPath('IMG_12.jpg'));
	}

	public function testATrailingSlashLeavesOutOnlyFoldersOfThatName(): void {
		$thumbs = Pattern::parse('.thumbnails/');
		self::assertTrue($thumbs->matchesPath('.thumbnails/a.jpg'));
		self::assertTrue($thumbs->matchesPath('Photos/.thumbnails/x/a.jpg'));
		self::assertFalse($thumbs->matchesPath('Photos/.thumbnails'), 'a file of that name is kept');
		self::assertFalse($thumbs->matchesPath('Photos/x.thumbnails/a.jpg'));
	}

	public function testEveryLeftOutPathMatchesOneOfThePatternsSqlLikes(): void {
		$escape = static fn (string $s): string => addcslashes($s, '\\_%');
		foreach (['*.tmp' => ['a.tmp', 'x/y/b.tmp', 'c.tmp/d'], '.thumbnails/' => ['.thumbnails/a', 'p/.thumbnails/q/r'], 'a_b%' => ['a_b%', 'x/a_b%']] as $text => $paths) {
			$pattern = Pattern::parse($text);
			$regexes = array_map(static function (string $like): string {
				$re = preg_replace_callback('/\\\\(.)|%|_|[^\\\\%_]+/s', static fn (array $m): string => isset($m[1]) && $m[1] !== '' ? preg_quote($m[1], '/') : ($m[0] === '%' ? '.*' : ($m[0] === '_' ? '.' : preg_quote($m[0], '/'))), $like);
				return '/^' . $re . '$/s';
			}, $pattern->likes($escape));
			foreach ($paths as $path) {
				self::assertTrue($pattern->matchesPath($path), $text . ' ' . $path);
				$hit = array_filter($regexes, static fn (string $re): bool => preg_match($re, $path) === 1);
				self::assertNotEmpty($hit, $text . ' should be a candidate in SQL: ' . $path);
			}
			self::assertEmpty(array_filter($regexes, static fn (string $re): bool => preg_match($re, 'Photos/kept.jpg') === 1), $text);
		}
	}

	/**
	 * @return array<string, array{string, string}>
	 */
	public static function badPatterns(): array {
		return [
			'empty' => ['', 'pattern_empty'],
			'only a slash' => ['/', 'pattern_empty'],
			'a path' => ['Photos/Cache', 'pattern_slash'],
			'a leading slash' => ['/tmp', 'pattern_slash'],
			'everything' => ['*', 'pattern_everything'],
			'dot dot' => ['..', 'pattern_invalid'],
			'control character' => ["a\nb", 'pattern_invalid'],
			'too long' => [str_repeat('a', 201), 'pattern_too_long'],
		];
	}

	/**
	 * @dataProvider badPatterns
	 */
	public function testABadPatternIsRefusedWithItsCode(string $text, string $code): void {
		try {
			Pattern::parse($text);
			self::fail('accepted: ' . $text);
		} catch (InvalidExclusionException $e) {
			self::assertSame($code, $e->reason);
			self::assertSame($text, $e->value);
		}
	}

	public function testTheReasonsInTheirOrder(): void {
		$exclusions = ExclusionsFixture::make($this, ['*.tmp', 'Cache/'], ['bob'], ['kids'], 1000, ['Photos/Cache'], ['carol' => ['kids', 'family']]);
		self::assertEquals(new Exclusion('user', 'bob'), $exclusions->reasonFor('bob', 'a.jpg', 1));
		self::assertEquals(new Exclusion('group', 'kids'), $exclusions->reasonFor('carol', 'a.jpg', 1));
		self::assertEquals(new Exclusion('nomirror', 'Photos/Cache'), $exclusions->reasonFor('alice', 'Photos/Cache/x/a.tmp', 1));
		self::assertEquals(new Exclusion('nomirror', 'Photos/Cache'), $exclusions->reasonFor('alice', 'Photos/Cache/.nomirror', 0));
		self::assertNull($exclusions->reasonFor('alice', 'Photos/CacheX/a.jpg', 1));
		self::assertEquals(new Exclusion('pattern', '*.tmp'), $exclusions->reasonFor('alice', 'Photos/a.tmp', 1));
		self::assertEquals(new Exclusion('pattern', 'Cache/'), $exclusions->reasonFor('alice', 'Other/Cache/a.jpg', 1));
		self::assertEquals(new Exclusion('size', '1000'), $exclusions->reasonFor('alice', 'Films/big.mkv', 1001));
		self::assertNull($exclusions->reasonFor('alice', 'Films/small.mkv', 1000));
		self::assertEquals(new Exclusion('nomirror', 'Photos/Cache'), $exclusions->folderReason('alice', 'Photos/Cache'));
		self::assertEquals(new Exclusion('pattern', 'Cache/'), $exclusions->folderReason('alice', 'Other/Cache/sub'));
		self::assertNull($exclusions->folderReason('alice', 'Photos'));
		$match = $exclusions->matcherFor('alice');
		self::assertEquals(new Exclusion('nomirror', 'Photos/Cache'), $match('Photos/Cache/b.jpg', 1));
		self::assertNull($match('Photos/b.jpg', 1));
		self::assertEquals(new Exclusion('user', 'bob'), ($exclusions->matcherFor('bob'))('Photos/b.jpg', 1));
	}

	public function testAllPatternsAreMatchedAtOnceAndTheFirstThatMatchesIsNamed(): void {
		$rules = new ExclusionRules(array_map([Pattern::class, 'parse'], ['a+b(1)*.txt', '[x]/', '*.tmp', '?.log']), [], [], null);
		self::assertSame('a+b(1)*.txt', $rules->patternFor('Docs/a+b(1) copy.txt')?->text);
		self::assertSame('[x]/', $rules->patternFor('[x]/y.jpg')?->text);
		self::assertNull($rules->patternFor('x/y.jpg'), 'brackets are no character class');
		self::assertNull($rules->patternFor('Docs/[x]'), 'a file named like a folder pattern stays');
		self::assertSame('*.tmp', $rules->patternFor('build.tmp/out.o')?->text);
		self::assertSame('?.log', $rules->patternFor('x/a.log')?->text);
		self::assertNull($rules->patternFor('x/ab.log'));
		self::assertNull($rules->patternFor('a/b.tmpx'));
		self::assertNull((new ExclusionRules([], [], [], null))->patternFor('a.tmp'));
	}

	public function testManyFilesAtOnceGetWhatEachGetsAlone(): void {
		$paths = [10 => 'Photos/Cache/b.jpg', 11 => 'Photos/b.jpg', 12 => 'Photos/a.tmp', 13 => 'Other/Cache/a.jpg', 14 => 'Films/big.mkv', 15 => 'Films/small.mkv', 16 => 'Docs/[x]'];
		$sizes = [10 => 1, 11 => 1, 12 => 1, 13 => 1, 14 => 1001, 15 => 1000, 16 => 1];
		$size = static fn (int|string $key): int => $sizes[(int)$key];
		$alone = static function (\Closure $one) use ($paths, $sizes): array {
			$out = [];
			foreach ($paths as $key => $path) {
				$reason = $one($path, $sizes[$key]);
				if ($reason !== null) {
					$out[$key] = $reason;
				}
			}
			return $out;
		};
		// every rule (the one-by-one way), only patterns (one expression over all), a user left out
		foreach ([
			ExclusionsFixture::make($this, ['*.tmp', 'Cache/'], ['bob'], [], 1000, ['Photos/Cache']),
			ExclusionsFixture::make($this, ['*.tmp', 'Cache/', '[x]/']),
		] as $exclusions) {
			foreach (['alice', 'bob'] as $user) {
				[$one, $among] = $exclusions->matchersFor($user);
				$expected = $alone($one);
				self::assertNotSame([], $expected);
				self::assertEquals($expected, $among($paths, $size), $user);
			}
		}
		$rules = new ExclusionRules(array_map([Pattern::class, 'parse'], ['*.tmp', '[x]/']), [], [], null);
		self::assertEquals([2 => Pattern::parse('*.tmp'), 3 => Pattern::parse('[x]/')], $rules->patternsAmong(['a.jpg', 'x/y.jpg', 'b.tmp', '[x]/y.jpg', 'Docs/[x]']));
		self::assertSame([], (new ExclusionRules([], [], [], null))->patternsAmong(['a.tmp']));
	}

	public function testTheDefaultsLeaveOutPartialUploadsAndCaches(): void {
		$exclusions = ExclusionsFixture::make($this);
		self::assertSame('pattern', $exclusions->reasonFor('alice', 'Photos/a.jpg.part', 1)?->reason);
		self::assertSame('pattern', $exclusions->reasonFor('alice', 'Photos/.thumbnails/a.jpg', 1)?->reason);
		self::assertNull($exclusions->reasonFor('alice', 'Photos/a.jpg', PHP_INT_MAX));
	}
}
