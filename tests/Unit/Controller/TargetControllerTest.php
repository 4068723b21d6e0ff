<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Controller;

use OCA\Mirror\Controller\TargetController;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Queue\ResyncService;
use OCA\Mirror\Status\ResyncProgress;
use OCA\Mirror\Status\TargetOverview;
use OCA\Mirror\Status\TargetProblemMessages;
use OCA\Mirror\Status\TargetStateMessages;
use OCA\Mirror\Target\TargetService;
use OCP\AppFramework\Http;
use OCP\IL10N;
use OCP\IRequest;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class TargetControllerTest extends TestCase {
	private TargetService&MockObject $targets;
	private TargetOverview&MockObject $overview;
	private ResyncService&MockObject $resync;
	private ResyncProgress&MockObject $resyncProgress;
	private TargetController $controller;

	protected function setUp(): void {
		$this->targets = $this->createMock(TargetService::class);
		$this->overview = $this->createMock(TargetOverview::class);
		$this->resync = $this->createMock(ResyncService::class);
		$this->resyncProgress = $this->createMock(ResyncProgress::class);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		$this->controller = new TargetController('mirror', $this->createMock(IRequest::class), $this->targets, $this->overview, $this->resync, $this->resyncProgress, new TargetProblemMessages($l, new TargetStateMessages($l)));
	}

	private static function target(int $id = 3, string $name = 'USB', string $path = '/mnt/usb'): Target {
		$target = new Target();
		$target->setId($id);
		$target->setName($name);
		$target->setPath($path);
		return $target;
	}

	/** @return array<string, mixed> */
	private static function row(int $id = 3): array {
		return ['id' => $id, 'name' => 'USB', 'path' => '/mnt/usb', 'state' => ['online' => true]];
	}

	public function testIndexListsEveryTarget(): void {
		$this->overview->method('all')->willReturn([self::row(1), self::row(2)]);
		$response = $this->controller->index();
		$this->assertSame(Http::STATUS_OK, $response->getStatus());
		$this->assertSame([self::row(1), self::row(2)], $response->getData());
	}

	public function testCreateAddsTheTargetAndAnswers201WithIt(): void {
		$this->targets->method('validateName')->willReturnArgument(0);
		$this->targets->expects($this->once())->method('add')->with('/mnt/usb', 'USB')->willReturn(self::target());
		$this->overview->method('one')->with(3)->willReturn(self::row());
		$response = $this->controller->create('/mnt/usb', 'USB');
		$this->assertSame(Http::STATUS_CREATED, $response->getStatus());
		$this->assertSame(self::row(), $response->getData());
	}

	public function testCreateWithoutANameLetsTheServiceNameIt(): void {
		$this->targets->expects($this->never())->method('validateName');
		$this->targets->expects($this->once())->method('add')->with('/mnt/usb', null)->willReturn(self::target());
		$this->overview->method('one')->willReturn(self::row());
		$this->assertSame(Http::STATUS_CREATED, $this->controller->create('/mnt/usb', '  ')->getStatus());
	}

	public function testCreateRefusesABadPathWithThePathField(): void {
		$this->targets->method('add')->willThrowException(new InvalidTargetException('The folder /mnt/nope does not exist.'));
		$response = $this->controller->create('/mnt/nope');
		$this->assertSame(Http::STATUS_BAD_REQUEST, $response->getStatus());
		$this->assertSame(['message' => 'The folder /mnt/nope does not exist.', 'field' => 'path'], $response->getData());
	}

	public function testARefusalCarriesItsCodeAndParametersBesideTheSentence(): void {
		$this->targets->method('add')->willThrowException(new InvalidTargetException('The folder /mnt/nope does not exist.', 'path_missing', ['path' => '/mnt/nope']));
		$response = $this->controller->create('/mnt/nope');
		$this->assertSame(Http::STATUS_BAD_REQUEST, $response->getStatus());
		$this->assertSame(['message' => 'The folder /mnt/nope does not exist.', 'field' => 'path', 'code' => 'path_missing', 'params' => ['path' => '/mnt/nope']], $response->getData());
	}

	public function testARefusalIsWordedByTheCatalogueNotByTheException(): void {
		$this->resync->method('start')->willThrowException(new InvalidTargetException('log words', 'disabled', ['name' => 'USB']));
		$this->assertSame(['message' => 'The target "USB" is disabled: enable it first.', 'code' => 'disabled', 'params' => ['name' => 'USB']], $this->controller->resync(3)->getData());
	}

	public function testCreateRefusesAMissingPath(): void {
		// the same rule as occ: TargetService says what is wrong
		$this->targets->method('add')->with('', null)->willThrowException(new InvalidTargetException('The path must not be empty.'));
		$response = $this->controller->create();
		$this->assertSame(Http::STATUS_BAD_REQUEST, $response->getStatus());
		$this->assertSame('path', $response->getData()['field']);
	}

	public function testCreateRefusesABadNameWithTheNameFieldBeforeTouchingTheDisk(): void {
		$this->targets->method('validateName')->willThrowException(new InvalidTargetException('The name must be at most 200 characters long.'));
		$this->targets->expects($this->never())->method('add');
		$response = $this->controller->create('/mnt/usb', str_repeat('x', 201));
		$this->assertSame(Http::STATUS_BAD_REQUEST, $response->getStatus());
		$this->assertSame(['message' => 'The name must be at most 200 characters long.', 'field' => 'name'], $response->getData());
	}

	public function testUpdateRenamesAndEnables(): void {
		$this->targets->expects($this->once())->method('rename')->with(3, 'Big')->willReturn(self::target());
		$this->targets->expects($this->once())->method('setEnabled')->with(3, false)->willReturn(self::target());
		$this->overview->method('one')->with(3)->willReturn(self::row());
		$response = $this->controller->update(3, 'Big', false);
		$this->assertSame(Http::STATUS_OK, $response->getStatus());
		$this->assertSame(self::row(), $response->getData());
	}

	public function testUpdateOnlyEnables(): void {
		$this->targets->expects($this->never())->method('rename');
		$this->targets->expects($this->once())->method('setEnabled')->with(3, true);
		$this->overview->method('one')->willReturn(self::row());
		$this->assertSame(Http::STATUS_OK, $this->controller->update(3, null, true)->getStatus());
	}

	public function testUpdateWithNothingToChangeIs400(): void {
		$response = $this->controller->update(3);
		$this->assertSame(Http::STATUS_BAD_REQUEST, $response->getStatus());
		$this->assertSame(['message' => 'Nothing to change: give a name, enabled, offlineDrive, node or readBack.'], $response->getData());
	}

	public function testUpdateRefusesABadName(): void {
		$this->targets->method('rename')->willThrowException(new InvalidTargetException('The name must not be empty.'));
		$this->targets->expects($this->never())->method('setEnabled');
		$response = $this->controller->update(3, ' ', true);
		$this->assertSame(Http::STATUS_BAD_REQUEST, $response->getStatus());
		$this->assertSame(['message' => 'The name must not be empty.', 'field' => 'name'], $response->getData());
	}

	public function testUnknownTargetsAre404Everywhere(): void {
		// the exception's English is for the log: the answer is the catalogue's, in the reader's language
		$missing = new TargetNotFoundException('not what the reader sees');
		$this->targets->method('rename')->willThrowException($missing);
		$this->targets->method('setEnabled')->willThrowException($missing);
		$this->targets->method('remove')->willThrowException($missing);
		$this->targets->method('get')->willThrowException($missing);
		$this->overview->method('one')->willThrowException($missing);

		foreach ([
			$this->controller->update(99, 'x'),
			$this->controller->update(99, null, false),
			$this->controller->destroy(99),
			$this->controller->check(99),
			$this->controller->resync(99),
			$this->controller->resyncProgress(99),
		] as $response) {
			$this->assertSame(Http::STATUS_NOT_FOUND, $response->getStatus());
			$this->assertSame(['message' => 'There is no mirror target with id 99.'], $response->getData());
		}
	}

	public function testDestroyForgetsTheTargetAndSaysWhichOne(): void {
		$this->targets->expects($this->once())->method('remove')->with(3)->willReturn(self::target());
		$response = $this->controller->destroy(3);
		$this->assertSame(Http::STATUS_OK, $response->getStatus());
		$this->assertSame(['id' => 3, 'name' => 'USB', 'path' => '/mnt/usb'], $response->getData());
	}

	public function testCheckAnswersTheStateAsOfNow(): void {
		$this->overview->expects($this->once())->method('one')->with(3)->willReturn(self::row());
		$this->assertSame(self::row(), $this->controller->check(3)->getData());
	}

	public function testResyncIsAcceptedWithItsProgress(): void {
		$progress = ['targetId' => 3, 'running' => true, 'requestedAt' => 100, 'usersTotal' => 4, 'usersRemaining' => 4, 'filesPending' => 0];
		$target = self::target();
		$this->targets->method('get')->with(3)->willReturn($target);
		$this->resync->expects($this->once())->method('start')->with($target)->willReturn($target);
		$this->resyncProgress->method('progress')->with($target)->willReturn($progress);
		$response = $this->controller->resync(3);
		$this->assertSame(Http::STATUS_ACCEPTED, $response->getStatus());
		$this->assertSame($progress, $response->getData());
	}

	public function testResyncOfADisabledTargetIs400(): void {
		$this->resync->method('start')->willThrowException(new InvalidTargetException('The target "USB" is disabled: enable it first.'));
		$response = $this->controller->resync(3);
		$this->assertSame(Http::STATUS_BAD_REQUEST, $response->getStatus());
		$this->assertSame(['message' => 'The target "USB" is disabled: enable it first.'], $response->getData());
	}

	public function testResyncProgress(): void {
		$target = self::target();
		$this->targets->method('get')->with(3)->willReturn($target);
		$this->resyncProgress->expects($this->once())->method('progress')->with($target)->willReturn(['running' => false]);
		$this->assertSame(['running' => false], $this->controller->resyncProgress(3)->getData());
	}
}
