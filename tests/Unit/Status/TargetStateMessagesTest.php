<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Status\TargetProblemMessages;
use OCA\Mirror\Status\TargetStateMessages;
use OCP\IL10N;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * A target's state and a refused target, put into words from a code: the same words an English
 * reader read before, and in the reader's language (every sentence goes through t()).
 */
class TargetStateMessagesTest extends TestCase {
	private TargetStateMessages $states;
	private TargetProblemMessages $problems;
	/** @var list<string> */
	private array $translated = [];

	protected function setUp(): void {
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(function (string $text, array $params = []): string {
			$this->translated[] = $text;
			return vsprintf($text, $params);
		});
		$this->states = new TargetStateMessages($l);
		$this->problems = new TargetProblemMessages($l, $this->states);
	}

	/**
	 * @return array<string, array{0: bool, 1: string|null, 2: string}>
	 */
	public static function states(): array {
		return [
			'online' => [true, null, 'Online.'],
			'full' => [true, TargetState::FULL, 'The drive is full.'],
			'disabled' => [false, TargetState::DISABLED, 'The target is disabled.'],
			'not found' => [false, TargetState::NOT_FOUND, 'The folder /mnt/usb does not exist: is the drive mounted?'],
			'not a folder' => [false, TargetState::NOT_DIRECTORY, '/mnt/usb is not a folder.'],
			'marker missing' => [false, TargetState::MARKER_MISSING, 'The marker file .nextcloud-mirror is missing in /mnt/usb: the drive is not mounted (or is a new, blank drive that must be adopted).'],
			'another drive' => [false, TargetState::MARKER_MISMATCH, 'The drive mounted at /mnt/usb belongs to another mirror target or another Nextcloud; adopt it to use it for this target.'],
			'not writable' => [false, TargetState::NOT_WRITABLE, 'Nextcloud cannot write to /mnt/usb (check the owner and permissions, or a read-only mount).'],
		];
	}

	#[DataProvider('states')]
	public function testAStateIsWordedFromItsReasonAndFolder(bool $online, ?string $reason, string $expected): void {
		$this->assertSame($expected, $this->states->message(new TargetState($online, $reason, '/mnt/usb')));
		$this->assertSame($expected, $this->states->message(new TargetState($online, $reason, '/elsewhere'), '/mnt/usb'), 'the folder given names it');
		$this->assertNotSame([], $this->translated);
	}

	public function testTheStateCarriesACodeAndTheEdgeAddsItsWords(): void {
		$state = new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb');
		$this->assertArrayNotHasKey('message', $state->jsonSerialize(), 'no English inside: a code and its folder');
		$view = $this->states->view($state);
		$this->assertSame(['online', 'reason', 'message', 'freeBytes', 'totalBytes', 'filesystem', 'readBack', 'encrypted'], array_keys($view));
		$this->assertNull($view['encrypted'], 'offline: not known');
		$this->assertTrue($this->states->view(new TargetState(true, null, '/mnt/usb', encrypted: true))['encrypted']);
		$this->assertSame([false, 'marker_missing'], [$view['online'], $view['reason']]);
		$this->assertStringContainsString('is missing in /mnt/usb', $view['message']);
	}

	public function testRefusalsOfTargetServiceReadAsBefore(): void {
		$cases = [
			'This drive is already the mirror target "USB" (id 3).' => new InvalidTargetException('', 'already_target', ['name' => 'USB', 'id' => 3]),
			'This folder is a mirror target of another Nextcloud (it holds a .nextcloud-mirror file). Use --force to take it over.' => new InvalidTargetException('', 'foreign_target', ['marker' => '.nextcloud-mirror']),
			'The name must be at most 200 characters long.' => new InvalidTargetException('', 'name_too_long', ['max' => 200]),
			'The name must not be empty.' => new InvalidTargetException('', 'name_empty'),
			'The target "USB" is online: there is nothing to adopt.' => new InvalidTargetException('', 'adopt_online', ['name' => 'USB']),
			'Cannot adopt: Nextcloud cannot write to /mnt/usb.' => new InvalidTargetException('', 'adopt_not_writable', ['path' => '/mnt/usb']),
			'Cannot adopt: The folder /mnt/usb does not exist: is the drive mounted?' => new InvalidTargetException('', 'adopt_unavailable', ['state' => TargetState::NOT_FOUND, 'path' => '/mnt/usb']),
			'The drive mounted there is the mirror target "Old" (id 2); refusing to adopt it.' => new InvalidTargetException('', 'adopt_other_target', ['name' => 'Old', 'id' => 2]),
			'The target "USB" is disabled: enable it first.' => new InvalidTargetException('', 'disabled', ['name' => 'USB']),
		];
		foreach ($cases as $expected => $e) {
			$this->assertSame($expected, $this->problems->message($e));
		}
	}

	public function testARefusalWithoutACodeKeepsItsMessage(): void {
		$this->assertSame('Something else.', $this->problems->message(new InvalidTargetException('Something else.')));
	}
}
