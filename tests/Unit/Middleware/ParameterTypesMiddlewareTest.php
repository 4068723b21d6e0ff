<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Middleware;

use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Middleware\ParameterMessages;
use OCA\Mirror\Middleware\ParameterTypesMiddleware;
use OCP\AppFramework\Controller;
use OCP\AppFramework\Http\DataResponse;
use OCP\IL10N;
use OCP\IRequest;
use PHPUnit\Framework\TestCase;

class SampleController extends Controller {
	public function create(string $path = '', ?string $name = null, int $limit = 50, ?int $targetId = null, ?bool $enabled = null, ?array $ids = null): DataResponse {
		return new DataResponse([]);
	}
}

class ParameterTypesMiddlewareTest extends TestCase {
	private function messages(string $prefix = ''): ParameterMessages {
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => $prefix . vsprintf($text, $params));
		return new ParameterMessages($l);
	}

	/**
	 * @param array<string, mixed> $params
	 */
	private function check(array $params): ?InvalidParameterException {
		$request = $this->createMock(IRequest::class);
		$request->method('getParam')->willReturnCallback(static fn (string $name): mixed => $params[$name] ?? null);
		$middleware = new ParameterTypesMiddleware($request, $this->messages());
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
		$response = (new ParameterTypesMiddleware($request, $this->messages()))->afterException(new SampleController('mirror', $request), 'create', new InvalidParameterException('path', 'text', InvalidParameterException::TEXT));
		$this->assertSame(400, $response->getStatus());
		$this->assertInstanceOf(DataResponse::class, $response);
		$this->assertSame(['message' => 'The parameter "path" must be text.', 'field' => 'path'], $response->getData());
	}

	public function testTheRefusalIsInTheReadersLanguage(): void {
		$request = $this->createMock(IRequest::class);
		$request->method('getParam')->willReturnCallback(static fn (string $name): mixed => ['limit' => 'ten'][$name] ?? null);
		$middleware = new ParameterTypesMiddleware($request, $this->messages('[de] '));
		try {
			$middleware->beforeController(new SampleController('mirror', $request), 'create');
			$this->fail('expected InvalidParameterException');
		} catch (InvalidParameterException $e) {
			$response = $middleware->afterException(new SampleController('mirror', $request), 'create', $e);
			$this->assertInstanceOf(DataResponse::class, $response);
			// the exception keeps its English for the log; the answer is worded for the reader
			$this->assertSame('The parameter "limit" must be a whole number.', $e->getMessage());
			$this->assertSame(['message' => '[de] The parameter "limit" must be a whole number.', 'field' => 'limit'], $response->getData());
		}
	}

	public function testEveryExpectationIsWordedAsTheLogSaysIt(): void {
		$messages = $this->messages();
		foreach ([
			new InvalidParameterException('a', 'a whole number', InvalidParameterException::WHOLE_NUMBER),
			new InvalidParameterException('a', 'a number', InvalidParameterException::NUMBER),
			new InvalidParameterException('a', 'true or false', InvalidParameterException::BOOLEAN),
			new InvalidParameterException('a', 'text', InvalidParameterException::TEXT),
			new InvalidParameterException('a', 'a list', InvalidParameterException::LIST),
			new InvalidParameterException('a', 'a mixed', InvalidParameterException::TYPE, ['type' => 'mixed']),
			new InvalidParameterException('a', 'an existing group', InvalidParameterException::EXISTING_GROUP),
			new InvalidParameterException('a', 'one of x, y', InvalidParameterException::ONE_OF, ['values' => 'x, y']),
			new InvalidParameterException('a', 'a whole number from 0 to 50', InvalidParameterException::RANGE, ['min' => 0, 'max' => 50]),
		] as $e) {
			$this->assertSame($e->getMessage(), $messages->refusal($e));
		}
	}
}
