<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Middleware;

use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Middleware\ParameterTypesMiddleware;
use OCP\AppFramework\Controller;
use OCP\AppFramework\Http\DataResponse;
use OCP\IRequest;
use PHPUnit\Framework\TestCase;

class SampleController extends Controller {
	public function create(string $path = '', ?string $name = null, int $limit = 50, ?int $targetId = null, ?bool $enabled = null, ?array $ids = null): DataResponse {
		return new DataResponse([]);
	}
}

class ParameterTypesMiddlewareTest extends TestCase {
	/**
	 * @param array<string, mixed> $params
	 */
	private function check(array $params): ?InvalidParameterException {
		$request = $this->createMock(IRequest::class);
		$request->method('getParam')->willReturnCallback(static fn (string $name): mixed => $params[$name] ?? null);
		$middleware = new ParameterTypesMiddleware($request);
		try {
			$middleware->beforeController(new SampleController('mirror', $request), 'create');
			return null;
		} catch (InvalidParameterException $e) {
			return $e;
		}
	}

	public function testValuesOfTheDeclaredTypesPass(): void {
		$this->assertNull($this->check(['path' => '/mnt/usb', 'name' => 'USB', 'limit' => '20', 'targetId' => 3, 'enabled' => 'false']));
		$this->assertNull($this->check([]), 'absent parameters take their defaults');
		$this->assertNull($this->check(['targetId' => '', 'enabled' => '']), 'an optional parameter left empty is as Nextcloud always took it');
	}

	public function testAnArrayWhereTextIsExpectedIsRefusedWithItsName(): void {
		$e = $this->check(['path' => ['/mnt']]);
		$this->assertNotNull($e);
		$this->assertSame('path', $e->parameter);
		$this->assertSame('The parameter "path" must be text.', $e->getMessage());
		$this->assertSame('name', $this->check(['name' => ['a' => 1]])?->parameter);
	}

	public function testNumbersAndBooleansMustLookLikeThem(): void {
		$this->assertSame('limit', $this->check(['limit' => 'ten'])?->parameter);
		$this->assertSame('limit', $this->check(['limit' => ''])?->parameter, 'a required number may not be empty');
		$this->assertSame('enabled', $this->check(['enabled' => 'yes'])?->parameter);
	}

	public function testAListMustBeOne(): void {
		$this->assertNull($this->check(['ids' => [1, 2]]));
		$e = $this->check(['ids' => 'all']);
		$this->assertSame('ids', $e?->parameter);
		$this->assertSame('The parameter "ids" must be a list.', $e?->getMessage());
	}

	public function testTheRefusalIsA400WithTheField(): void {
		$request = $this->createMock(IRequest::class);
		$response = (new ParameterTypesMiddleware($request))->afterException(new SampleController('mirror', $request), 'create', new InvalidParameterException('path', 'text'));
		$this->assertSame(400, $response->getStatus());
		$this->assertInstanceOf(DataResponse::class, $response);
		$this->assertSame(['message' => 'The parameter "path" must be text.', 'field' => 'path'], $response->getData());
	}
}
