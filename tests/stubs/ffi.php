<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Psalm runs without extensions (php -n): the few FFI classes lib/Drive/Fd uses, as PHP declares them.

namespace FFI {
	class Exception extends \Error {
	}

	final class ParserException extends Exception {
	}

	/** @implements \ArrayAccess<int, mixed> */
	final class CData implements \ArrayAccess {
		public function __get(string $name): mixed {
			return null;
		}

		public function __set(string $name, mixed $value): void {
		}

		public function offsetExists(mixed $offset): bool {
			return false;
		}

		public function offsetGet(mixed $offset): mixed {
			return null;
		}

		public function offsetSet(mixed $offset, mixed $value): void {
		}

		public function offsetUnset(mixed $offset): void {
		}
	}

	final class CType {
	}
}

namespace {
	final class FFI {
		public static function cdef(string $code = '', ?string $lib = null): FFI {
			return new FFI();
		}

		public static function string(\FFI\CData $ptr, ?int $size = null): string {
			return '';
		}

		public static function addr(\FFI\CData $ptr): \FFI\CData {
			return $ptr;
		}

		public function new(\FFI\CType|string $type, bool $owned = true, bool $persistent = false): ?\FFI\CData {
			return null;
		}

		public function __call(string $name, array $arguments): mixed {
			return null;
		}
	}
}
