<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Middleware;

use OCA\Mirror\Exception\InvalidParameterException;
use OCP\AppFramework\Controller;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\DataResponse;
use OCP\AppFramework\Http\Response;
use OCP\AppFramework\Middleware;
use OCP\AppFramework\OCSController;
use OCP\IRequest;

/**
 * Checks request parameters against the types the controller method declares, before the call:
 * Nextcloud casts numbers and booleans but hands anything else over as it came, so a JSON array
 * where text was expected would end in a TypeError (500). It answers 400 with {message, field}.
 */
class ParameterTypesMiddleware extends Middleware {
	public function __construct(
		private readonly IRequest $request,
		private readonly ParameterMessages $messages,
	) {
	}

	#[\Override]
	public function beforeController(Controller $controller, string $methodName): void {
		if (!method_exists($controller, $methodName)) {
			return;
		}
		foreach ((new \ReflectionMethod($controller, $methodName))->getParameters() as $parameter) {
			$type = $parameter->getType();
			if (!$type instanceof \ReflectionNamedType || !$type->isBuiltin()) {
				continue;
			}
			$value = $this->request->getParam($parameter->getName());
			if ($value === null || ($value === '' && $type->allowsNull())) {
				continue; // absent, or left empty where the parameter is optional: as Nextcloud always took it
			}
			if (!$this->accepts($type->getName(), $value)) {
				[$expected, $expects] = match ($type->getName()) {
					'int' => ['a whole number', InvalidParameterException::WHOLE_NUMBER],
					'float' => ['a number', InvalidParameterException::NUMBER],
					'bool' => ['true or false', InvalidParameterException::BOOLEAN],
					'string' => ['text', InvalidParameterException::TEXT],
					'array' => ['a list', InvalidParameterException::LIST],
					default => ['a ' . $type->getName(), InvalidParameterException::TYPE],
				};
				throw new InvalidParameterException($parameter->getName(), $expected, $expects, ['type' => $type->getName()]);
			}
		}
	}

	private function accepts(string $type, mixed $value): bool {
		return match ($type) {
			'string' => is_string($value),
			'int' => is_int($value) || (is_string($value) && preg_match('/^-?\d+$/', $value) === 1),
			'float' => is_int($value) || is_float($value) || (is_string($value) && is_numeric($value)),
			'bool' => is_bool($value) || in_array($value, [0, 1, '0', '1', 'true', 'false'], true),
			'array' => is_array($value),
			default => true,
		};
	}

	#[\Override]
	public function afterException(Controller $controller, string $methodName, \Exception $exception): Response {
		if ($exception instanceof InvalidParameterException) {
			$response = new DataResponse(['message' => $this->messages->refusal($exception), 'field' => $exception->parameter], Http::STATUS_BAD_REQUEST);
			// what the dispatcher does with a controller's own answer: the OCS envelope, in the format asked for
			return $controller instanceof OCSController ? $controller->buildResponse($response, $this->request->getFormat() ?? 'xml') : $response;
		}
		throw $exception;
	}
}
