<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Exports;

/**
 * Which network exports let others write to a mirror target: an NFS export (`/etc/exports`,
 * `/etc/exports.d/*.exports`) or a Samba share (`/etc/samba/smb.conf`) of the target's folder, of a
 * folder above it, or of one inside it, that some client may write to. Paths are compared as real
 * paths (a target or an export reached through a link is the folder it leads to). Only the
 * configuration files are read: what the server really exports now (`exportfs -v`) needs root.
 */
class WritableExports {
	/**
	 * @param string $etc where the configuration files are (another folder in tests)
	 */
	public function __construct(
		private readonly string $etc = '/etc',
	) {
	}

	/**
	 * @return list<Export> the writable exports that reach into $target
	 */
	public function over(string $target): array {
		$target = $this->real($target);
		$found = [];
		foreach ($this->exports() as $export) {
			if ($export->writable && self::overlap($target, $this->real($export->path))) {
				$found[] = $export;
			}
		}
		return $found;
	}

	/**
	 * Every export the configuration files name, writable or not.
	 *
	 * @return list<Export>
	 */
	public function exports(): array {
		$exports = [];
		$tables = [$this->etc . '/exports', ...(glob($this->etc . '/exports.d/*.exports') ?: [])];
		foreach ($tables as $file) {
			$content = $this->read($file);
			if ($content !== null) {
				$exports = [...$exports, ...NfsExports::parse($content, $file)];
			}
		}
		$smb = $this->etc . '/samba/smb.conf';
		$content = $this->read($smb);
		if ($content !== null) {
			$exports = [...$exports, ...SambaShares::parse($content, $smb)];
		}
		return $exports;
	}

	private function read(string $file): ?string {
		if (!is_file($file)) {
			return null;
		}
		$content = @file_get_contents($file, false, null, 0, 1048576); // a configuration file, not a drive's worth of it
		return $content === false ? null : $content;
	}

	private function real(string $path): string {
		$real = @realpath($path);
		$path = $real === false ? $path : $real;
		return $path === '/' ? '/' : rtrim($path, '/');
	}

	/**
	 * One is the other, or inside it.
	 */
	private static function overlap(string $a, string $b): bool {
		return $a === $b || $a === '/' || $b === '/' || str_starts_with($a, $b . '/') || str_starts_with($b, $a . '/');
	}
}
