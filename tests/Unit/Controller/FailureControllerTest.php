<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Controller;

use OCA\Mirror\Controller\FailureController;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Status\FailureLister;
use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Http;
use OCP\IL10N;
use OCP\IRequest;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class FailureControllerTest extends TestCase {
	private FailureLister&MockObject $failures;
	private WorkQueue&MockObject $queue;
	private FailureController $controller;

	protected function setUp(): void {
		$this->failures = $this->createMock(FailureLister::class);
		$this->queue = $this->createMock(WorkQueue::class);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		$this->controller = new FailureController('mirror', $this->createMock(IRequest::class), $this->failures, $this->queue, $l);
	}

	public function testListsTheLatestFailures(): void {
		$page = ['failures' => [['id' => 5]], 'hasMore' => true];
		$this->failures->expects($this->once())->method('page')->with(20, 40, 2)->willReturn($page);
		$response = $this->controller->index(20, 40, 2);
		$this->assertSame(Http::STATUS_OK, $response->getStatus());
		$this->assertSame($page, $response->getData());
	}

	public function testRefusesBadPaging(): void {
		$this->failures->expects($this->never())->method('page');
		$this->assertSame(['message' => 'limit must be between 1 and 200.', 'field' => 'limit'], $this->controller->index(0)->getData());
		$this->assertSame(Http::STATUS_BAD_REQUEST, $this->controller->index(500)->getStatus());
		$this->assertSame('offset', $this->controller->index(10, -5)->getData()['field']);
	}

	public function testRetriesOneItem(): void {
		$item = new QueueItem();
		$item->setErrorCode('full');
		$this->queue->expects($this->once())->method('retry')->with(8)->willReturn($item);
		$response = $this->controller->retry(8);
		$this->assertSame(Http::STATUS_OK, $response->getStatus());
		$this->assertSame(['retried' => 1], $response->getData());
	}

	public function testRetryingAnItemThatIsGoneIs404(): void {
		$this->queue->method('retry')->willThrowException(new DoesNotExistException('gone'));
		$response = $this->controller->retry(8);
		$this->assertSame(Http::STATUS_NOT_FOUND, $response->getStatus());
		$this->assertStringContainsString('no queued item with id 8', $response->getData()['message']);
	}

	public function testRefusalsAreInTheReadersLanguage(): void {
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => '[de] ' . vsprintf($text, $params));
		$controller = new FailureController('mirror', $this->createMock(IRequest::class), $this->failures, $this->queue, $l);
		$this->queue->method('retry')->willThrowException(new DoesNotExistException('gone'));
		$this->assertSame('[de] There is no queued item with id 8: it may have been copied meanwhile.', $controller->retry(8)->getData()['message']);
		$this->assertSame('[de] offset must be 0 or more.', $controller->index(10, -1)->getData()['message']);
	}

	public function testRetriesAll(): void {
		$this->queue->expects($this->once())->method('retryAll')->with(null)->willReturn(12);
		$this->assertSame(['retried' => 12], $this->controller->retryAll()->getData());
	}
}
