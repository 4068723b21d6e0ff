<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The PHP half of tools/l10n.js: every IL10N call ($l->t('…'), $l->n('…', '…', …)) in the given
// files, read with PHP's own tokenizer, printed as JSON: {"strings": [{file, line, msgid, plural?}],
// "dynamic": [{file, line, call}]}. A call whose text is not a literal (a variable, a constant, an
// interpolated string) cannot be extracted: it is listed under "dynamic", for the check to fail on.

/**
 * @param list<string|array{0:int,1:string,2:int}> $tokens
 * @return array{0: list<list<string|array{0:int,1:string,2:int}>>, 1: int} the call's arguments (tokens without
 *                                                                             whitespace and comments), the index after ')'
 */
function callArguments(array $tokens, int $open): array {
	$args = [[]];
	$depth = 0;
	for ($i = $open; $i < count($tokens); $i++) {
		$token = $tokens[$i];
		$text = is_array($token) ? $token[1] : $token;
		if (is_array($token) && in_array($token[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)) {
			continue;
		}
		if (in_array($text, ['(', '[', '{'], true) || (is_array($token) && in_array($token[0], [T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES], true))) {
			$depth++;
			if ($depth === 1) {
				continue;
			}
		} elseif (in_array($text, [')', ']', '}'], true)) {
			$depth--;
			if ($depth === 0) {
				return [array_values(array_filter($args, static fn (array $a): bool => $a !== [])), $i + 1];
			}
		} elseif ($text === ',' && $depth === 1) {
			$args[] = [];
			continue;
		}
		$args[count($args) - 1][] = $token;
	}
	return [$args, count($tokens)];
}

/**
 * The value of an argument made only of single- or double-quoted literals without variables, joined by '.';
 * null for anything else.
 *
 * @param list<string|array{0:int,1:string,2:int}> $arg
 */
function literal(array $arg): ?string {
	$value = '';
	$expectString = true;
	foreach ($arg as $token) {
		if ($expectString && is_array($token) && $token[0] === T_CONSTANT_ENCAPSED_STRING) {
			$value .= eval('return ' . $token[1] . ';');
		} elseif (!$expectString && $token === '.') {
			// concatenation of literals
		} else {
			return null;
		}
		$expectString = !$expectString;
	}
	return $expectString || $arg === [] ? null : $value;
}

$strings = [];
$dynamic = [];
foreach (array_slice($argv, 1) as $file) {
	$tokens = token_get_all((string)file_get_contents($file));
	for ($i = 0; $i < count($tokens); $i++) {
		$token = $tokens[$i];
		if (!is_array($token) || !in_array($token[0], [T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR], true)) {
			continue;
		}
		$name = $tokens[$i + 1] ?? null;
		$open = $tokens[$i + 2] ?? null;
		if (!is_array($name) || $name[0] !== T_STRING || !in_array($name[1], ['t', 'n'], true) || $open !== '(') {
			continue;
		}
		[$args] = callArguments($tokens, $i + 2);
		$line = $name[2];
		$msgid = literal($args[0] ?? []);
		$plural = $name[1] === 'n' ? literal($args[1] ?? []) : '';
		if ($msgid === null || $plural === null) {
			$call = '';
			foreach (array_slice($tokens, $i, 12) as $t) {
				$call .= is_array($t) ? $t[1] : $t;
			}
			$dynamic[] = ['file' => $file, 'line' => $line, 'call' => trim(preg_replace('/\s+/', ' ', $call) ?? '') . '…'];
			continue;
		}
		$entry = ['file' => $file, 'line' => $line, 'msgid' => $msgid];
		if ($name[1] === 'n') {
			$entry['plural'] = $plural;
		}
		$strings[] = $entry;
	}
}
echo json_encode(['strings' => $strings, 'dynamic' => $dynamic], JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
