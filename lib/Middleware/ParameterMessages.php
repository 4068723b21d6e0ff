<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Middleware;

use OCA\Mirror\Exception\InvalidParameterException;
use OCP\IL10N;

/**
 * What a refused request parameter should have been (InvalidParameterException's $expects and
 * $params), in the reader's language: for the middleware's 400 and the health settings' refusals.
 */
class ParameterMessages {
	public function __construct(
		private readonly IL10N $l,
	) {
	}

	public function refusal(InvalidParameterException $e): string {
		$name = $e->parameter;
		$p = static fn (string $key): string => (string)($e->params[$key] ?? '');
		return match ($e->expects) {
			InvalidParameterException::WHOLE_NUMBER => $this->l->t('The parameter "%s" must be a whole number.', [$name]),
			InvalidParameterException::NUMBER => $this->l->t('The parameter "%s" must be a number.', [$name]),
			InvalidParameterException::BOOLEAN => $this->l->t('The parameter "%s" must be true or false.', [$name]),
			InvalidParameterException::TEXT => $this->l->t('The parameter "%s" must be text.', [$name]),
			InvalidParameterException::LIST => $this->l->t('The parameter "%s" must be a list.', [$name]),
			InvalidParameterException::TYPE => $this->l->t('The parameter "%1$s" must be a %2$s.', [$name, $p('type')]),
			InvalidParameterException::EXISTING_GROUP => $this->l->t('The parameter "%s" must be an existing group.', [$name]),
			InvalidParameterException::ONE_OF => $this->l->t('The parameter "%1$s" must be one of %2$s.', [$name, $p('values')]),
			InvalidParameterException::RANGE => $this->l->t('The parameter "%1$s" must be a whole number from %2$d to %3$d.', [$name, (int)$p('min'), (int)$p('max')]),
			// a refusal worded by its domain's catalogue; this English is a last resort
			default => $e->getMessage(),
		};
	}
}
