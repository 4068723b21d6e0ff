<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Controller;

use OCA\Mirror\Controller\FileStatusController;
use OCA\Mirror\Exception\FileNotAccessibleException;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Status\FileDetailsService;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\NoAdminRequired;
use OCP\IL10N;
use OCP\IRequest;
use OCP\IUser;
use OCP\IUserSession;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class FileStatusControllerTest extends TestCase {
	private FileDetailsService&MockObject $details;
	private WorkQueue&MockObject $queue;
	private FileStatusController $controller;

	protected function setUp(): void {
		$this->details = $this->createMock(FileDetailsService::class);
		$this->queue = $this->createMock(WorkQueue::class);
		$user = $this->createMock(IUser::class);
		$user->method('getUID')->willReturn('bob');
		$session = $this->createMock(IUserSession::class);
		$session->method('getUser')->willReturn($user);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnArgument(0);
		$this->controller = new FileStatusController($this->createMock(IRequest::class), $this->details, $this->queue, $session, $l);
	}

	private static function answer(): array {
		return ['fileId' => 10, 'type' => 'file', 'inScope' => true, 'state' => 'replicated', 'targets' => [], 'folder' => null];
	}

	public function testShowsTheStateForTheCurrentUser(): void {
		$this->details->expects($this->once())->method('details')->with('bob', 10)->willReturn(self::answer());
		$response = $this->controller->show(10);
		$this->assertSame(Http::STATUS_OK, $response->getStatus());
		$this->assertSame(self::answer(), $response->getData());
	}

	public function testAFileTheUserCannotAccessIs404WithNothingInIt(): void {
		$this->details->method('details')->willThrowException(new FileNotAccessibleException(10));
		$response = $this->controller->show(10);
		$this->assertSame(Http::STATUS_NOT_FOUND, $response->getStatus());
		$this->assertSame(['message' => 'File not found'], $response->getData());
	}

	public function testRetry(): void {
		$this->details->expects($this->once())->method('assertRetryable')->with('bob', 10);
		$this->queue->expects($this->once())->method('retryAll')->with(null, 10);
		$this->details->expects($this->once())->method('details')->with('bob', 10)->willReturn(self::answer());
		$this->assertSame(Http::STATUS_OK, $this->controller->retry(10)->getStatus());
	}

	public function testRetryAnswers404And400(): void {
		$this->queue->expects($this->never())->method('retryAll');
		$this->details->method('assertRetryable')->willReturnOnConsecutiveCalls(
			$this->throwException(new FileNotAccessibleException(10)),
			$this->throwException(new \InvalidArgumentException('Only files the mirror copies can be retried')),
		);
		$this->assertSame(Http::STATUS_NOT_FOUND, $this->controller->retry(10)->getStatus());
		$this->assertSame(Http::STATUS_BAD_REQUEST, $this->controller->retry(10)->getStatus());
	}

	public function testTheEndpointsAreOpenToUsersAtTheDocumentedRoutes(): void {
		$routes = [];
		foreach (['show', 'retry'] as $method) {
			$reflection = new \ReflectionMethod(FileStatusController::class, $method);
			$this->assertNotEmpty($reflection->getAttributes(NoAdminRequired::class), "$method must be open to users");
			$route = $reflection->getAttributes(ApiRoute::class)[0]->newInstance();
			$routes[] = $route->toArray()['verb'] . ' ' . $route->toArray()['url'];
		}
		$this->assertSame(['GET /api/v1/files/{fileId}', 'POST /api/v1/files/{fileId}/retry'], $routes);
	}
}
