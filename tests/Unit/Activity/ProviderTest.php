<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Activity;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Activity\Provider;
use OCP\Activity\Exceptions\UnknownActivityException;
use OCP\Activity\IEvent;
use OCP\IL10N;
use OCP\IURLGenerator;
use OCP\IUserManager;
use OCP\L10N\IFactory;
use PHPUnit\Framework\TestCase;

/**
 * Each subject ActivityPublisher stores is worded in the reader's language (the factory is asked for
 * it), plurals by count, names as rich parameters; another app's event is not ours.
 */
class ProviderTest extends TestCase {
	/** @var list<string> languages asked for */
	private array $languages = [];

	private function provider(): Provider {
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text): string => $text);
		$l->method('n')->willReturnCallback(static fn (string $one, string $many, int $n): string => str_replace('%n', (string)$n, $n === 1 ? $one : $many));
		$factory = $this->createMock(IFactory::class);
		$factory->method('get')->willReturnCallback(function (string $app, ?string $lang) use ($l): IL10N {
			$this->languages[] = $app . ':' . $lang;
			return $l;
		});
		$users = $this->createMock(IUserManager::class);
		$users->method('getDisplayName')->willReturnMap([['anna', 'Anna Maria']]);
		return new Provider($factory, $this->createMock(IURLGenerator::class), $users);
	}

	/**
	 * @param array<string, string|int> $params
	 * @return array{0: string, 1: array<string, array<string, string>>, 2: string} the rich subject, its parameters, the plain one
	 */
	private function parse(string $subject, array $params, string $app = 'mirror'): array {
		$event = $this->createMock(IEvent::class);
		$event->method('getApp')->willReturn($app);
		$event->method('getSubject')->willReturn($subject);
		$event->method('getSubjectParameters')->willReturn($params);
		$rich = [];
		$event->method('setRichSubject')->willReturnCallback(function (string $text, array $p) use (&$rich, $event): IEvent {
			$rich[0] = $text;
			$rich[1] = $p;
			return $event;
		});
		$event->method('setParsedSubject')->willReturnCallback(function (string $text) use (&$rich, $event): IEvent {
			$rich[2] = $text;
			return $event;
		});
		$this->provider()->parse('de', $event);
		return $rich;
	}

	public function testOneRestoredFileByNameAndItsDrive(): void {
		[$text, $params, $plain] = $this->parse(ActivityPublisher::RESTORED_FILE, ['fileId' => 42, 'path' => 'Urlaub/Photo.jpg', 'drive' => 'USB backup']);
		$this->assertSame('{file} was restored from the mirror ({drive})', $text);
		$this->assertSame(['type' => 'file', 'id' => '42', 'name' => 'Photo.jpg', 'path' => 'Urlaub/Photo.jpg'], $params['file']);
		$this->assertSame('USB backup', $params['drive']['name']);
		$this->assertSame('Photo.jpg was restored from the mirror (USB backup)', $plain);
		$this->assertSame(['mirror:de'], $this->languages, 'in the reader\'s language');
	}

	public function testRestoredFilesAreCounted(): void {
		$this->assertSame('1 file restored from the mirror (USB)', $this->parse(ActivityPublisher::RESTORED_FILES, ['count' => 1, 'drive' => 'USB'])[2]);
		$this->assertSame('12 files restored from the mirror (USB)', $this->parse(ActivityPublisher::RESTORED_FILES, ['count' => 12, 'drive' => 'USB'])[2]);
	}

	public function testTheAdminsSubjects(): void {
		$this->assertSame('The tripwire holds the changes of Anna Maria: a file\'s new content does not match its type',
			$this->parse(ActivityPublisher::TRIPWIRE_HELD, ['user' => 'anna', 'reason' => 'signature'])[2]);
		$this->assertSame('The tripwire holds the changes of Anna Maria: too many changes within an hour',
			$this->parse(ActivityPublisher::TRIPWIRE_HELD, ['user' => 'anna', 'reason' => 'rate'])[2]);
		$this->assertSame(['type' => 'user', 'id' => 'anna', 'name' => 'Anna Maria'], $this->parse(ActivityPublisher::TRIPWIRE_HELD, ['user' => 'anna', 'reason' => 'rate'])[1]['user']);
		$this->assertSame('The tripwire hold of Anna Maria was released: 3 held changes go to the mirror',
			$this->parse(ActivityPublisher::TRIPWIRE_RELEASED, ['user' => 'anna', 'changes' => 3])[2]);
		$this->assertSame('The tripwire hold of Anna Maria was ended: 1 held change was discarded, the mirror keeps the last good copies',
			$this->parse(ActivityPublisher::TRIPWIRE_DISCARDED, ['user' => 'anna', 'changes' => 1])[2]);
		$this->assertSame('Offline drive Rotation A is up to date: safe to unplug', $this->parse(ActivityPublisher::DRIVE_UP_TO_DATE, ['targetId' => 3, 'drive' => 'Rotation A'])[2]);
		$this->assertSame('Verify of USB: 2000 copies checked, all good', $this->parse(ActivityPublisher::VERIFY_GOOD, ['targetId' => 1, 'drive' => 'USB', 'checked' => 2000, 'damaged' => 0])[2]);
		$this->assertSame('Verify of USB: 2 copies missing or different, copied again', $this->parse(ActivityPublisher::VERIFY_DAMAGED, ['targetId' => 1, 'drive' => 'USB', 'checked' => 2000, 'damaged' => 2])[2]);
	}

	public function testAnotherAppsEventIsNotOurs(): void {
		$this->expectException(UnknownActivityException::class);
		$this->parse('file_created', [], 'files');
	}

	public function testAnUnknownSubjectIsNotOurs(): void {
		$this->expectException(UnknownActivityException::class);
		$this->parse('something_new', []);
	}
}
