<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Controller;

use OCA\Mirror\Controller\StatusController;
use OCA\Mirror\Status\UserStatusPager;
use OCP\AppFramework\Http;
use OCP\IL10N;
use OCP\IRequest;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class StatusControllerTest extends TestCase {
	private UserStatusPager&MockObject $pager;
	private StatusController $controller;

	protected function setUp(): void {
		$this->pager = $this->createMock(UserStatusPager::class);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		$this->controller = new StatusController('mirror', $this->createMock(IRequest::class), $this->pager, $l);
	}

	public function testAnswersThePageOfTheQuery(): void {
		$page = ['rows' => [], 'total' => 0, 'offset' => 50, 'limit' => 25, 'sort' => 'failed', 'direction' => 'desc', 'filter' => 'ali'];
		$this->pager->expects($this->once())->method('page')->with(50, 25, 'failed', 'desc', 'ali', 2)->willReturn($page);
		$response = $this->controller->index(50, 25, 'failed', 'desc', ' ali ', 2);
		$this->assertSame(Http::STATUS_OK, $response->getStatus());
		$this->assertSame($page, $response->getData());
	}

	public function testDefaultsToTheFirstPageByName(): void {
		$this->pager->expects($this->once())->method('page')->with(0, 50, 'displayName', 'asc', '', null)->willReturn([]);
		$this->controller->index();
	}

	/**
	 * @return array<string, array{array<string, mixed>, string}>
	 */
	public static function badQueries(): array {
		return [
			'negative offset' => [['offset' => -1], 'offset'],
			'limit 0' => [['limit' => 0], 'limit'],
			'limit too big' => [['limit' => 201], 'limit'],
			'unknown column' => [['sort' => 'password'], 'sort'],
			'unknown direction' => [['direction' => 'up'], 'direction'],
			'long filter' => [['filter' => str_repeat('a', 101)], 'filter'],
		];
	}

	/**
	 * @param array<string, mixed> $query
	 */
	#[DataProvider('badQueries')]
	public function testRefusesBadQueriesWithTheField(array $query, string $field): void {
		$this->pager->expects($this->never())->method('page');
		$response = $this->controller->index(...$query);
		$this->assertSame(Http::STATUS_BAD_REQUEST, $response->getStatus());
		$this->assertSame($field, $response->getData()['field']);
		$this->assertNotSame('', $response->getData()['message']);
	}
}
