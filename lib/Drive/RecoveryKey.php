<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * The key that signs the manifests on the drives (HMAC-SHA256): 32 random bytes, kept in Nextcloud's
 * configuration and never on a drive. Shown to people as base32 (A-Z, 2-7) in groups of four,
 * "ABCD-EFGH-…", which reads aloud and types without confusing 0 and O; read back case-insensitively,
 * with or without the dashes and spaces.
 */
final class RecoveryKey {
	public const BYTES = 32;
	private const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	/** 32 bytes are 256 bits: 52 base32 characters, the last one carrying 1 bit and 4 zero bits */
	private const CHARACTERS = 52;

	private function __construct(
		private readonly string $bytes,
	) {
	}

	public static function fromBytes(string $bytes): self {
		if (strlen($bytes) !== self::BYTES) {
			throw new \InvalidArgumentException('A recovery key is ' . self::BYTES . ' bytes.');
		}
		return new self($bytes);
	}

	/**
	 * @throws \InvalidArgumentException not a recovery key (with what is wrong with it)
	 */
	public static function parse(string $text): self {
		$clean = strtoupper((string)preg_replace('/[\s-]+/', '', $text));
		if (strlen($clean) !== self::CHARACTERS || strspn($clean, self::ALPHABET) !== self::CHARACTERS) {
			throw new \InvalidArgumentException('This is not a Mirror recovery key: one is ' . self::CHARACTERS . ' letters A-Z and digits 2-7 in groups of four (as occ mirror:recovery-key shows it), got '
				. strlen($clean) . ' characters' . (strspn($clean, self::ALPHABET) === strlen($clean) ? '' : ' with some that are not A-Z or 2-7') . '.');
		}
		$bits = '';
		foreach (str_split($clean) as $char) {
			$bits .= str_pad(decbin((int)strpos(self::ALPHABET, $char)), 5, '0', STR_PAD_LEFT);
		}
		if (trim(substr($bits, self::BYTES * 8), '0') !== '') {
			throw new \InvalidArgumentException('This is not a Mirror recovery key: its last character is not one a key ends with (a typing error?).');
		}
		$bytes = '';
		foreach (str_split(substr($bits, 0, self::BYTES * 8), 8) as $byte) {
			$bytes .= chr((int)bindec($byte));
		}
		return new self($bytes);
	}

	public function bytes(): string {
		return $this->bytes;
	}

	/**
	 * "ABCD-EFGH-…-WXYZ": 13 groups of four.
	 */
	public function toString(): string {
		$bits = '';
		foreach (str_split($this->bytes) as $byte) {
			$bits .= str_pad(decbin(ord($byte)), 8, '0', STR_PAD_LEFT);
		}
		$bits = str_pad($bits, self::CHARACTERS * 5, '0');
		$chars = '';
		foreach (str_split($bits, 5) as $group) {
			$chars .= self::ALPHABET[(int)bindec($group)];
		}
		return implode('-', str_split($chars, 4));
	}

	public function equals(self $other): bool {
		return hash_equals($this->bytes, $other->bytes);
	}
}
