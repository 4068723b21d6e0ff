<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

/**
 * What a hashing child leaves behind, read from /proc (Linux): this process's children (a zombie
 * too) and its open file descriptors; and stand-ins for the openssl binary.
 *
 * @psalm-require-extends \PHPUnit\Framework\TestCase
 */
trait ChildProcesses {
	/**
	 * The openssl binary on the PATH, as Nextcloud's binary finder would find it; false when there is none.
	 */
	private static function opensslOnPath(): string|false {
		foreach (explode(':', (string)getenv('PATH')) as $dir) {
			if ($dir !== '' && is_file($dir . '/openssl') && is_executable($dir . '/openssl')) {
				return $dir . '/openssl';
			}
		}
		return false;
	}

	private function requireOpenssl(): string {
		$openssl = self::opensslOnPath();
		if ($openssl === false) {
			$this->markTestSkipped('no openssl binary on the PATH');
		}
		return $openssl;
	}

	private function requireProc(): void {
		if (!is_dir('/proc/self/fd') || !function_exists('proc_open')) {
			$this->markTestSkipped('needs /proc and proc_open');
		}
	}

	/**
	 * Process ids whose parent is this process, exited but unreaped ones (zombies) included.
	 *
	 * @return list<int>
	 */
	private static function children(): array {
		$children = [];
		foreach (glob('/proc/[0-9]*/stat') ?: [] as $file) {
			$stat = @file_get_contents($file);
			$end = $stat === false ? false : strrpos($stat, ')');
			if ($stat === false || $end === false) {
				continue;
			}
			// "pid (comm) state ppid ..."
			$fields = explode(' ', substr($stat, $end + 2));
			if ((int)($fields[1] ?? 0) === getmypid()) {
				$children[] = (int)basename(dirname($file));
			}
		}
		sort($children);
		return $children;
	}

	/**
	 * The one child started since $before.
	 *
	 * @param list<int> $before
	 */
	private function newChild(array $before): int {
		$new = array_values(array_diff(self::children(), $before));
		$this->assertCount(1, $new, 'one child process was started');
		return $new[0];
	}

	/**
	 * Kills $pid and waits until it is dead (a zombie, or gone).
	 */
	private function killAndWait(int $pid): void {
		$this->assertTrue(posix_kill($pid, SIGKILL));
		for ($i = 0; $i < 1000; $i++) {
			$stat = @file_get_contents('/proc/' . $pid . '/stat');
			$end = $stat === false ? false : strrpos($stat, ')');
			if ($stat === false || $end === false || $stat[$end + 2] === 'Z') {
				return;
			}
			usleep(1000);
		}
		$this->fail('the child did not die');
	}

	private static function openDescriptors(): int {
		return count(scandir('/proc/self/fd') ?: []);
	}

	/**
	 * An executable shell script standing in for openssl.
	 */
	private static function fakeBinary(string $dir, string $name, string $script): string {
		$path = $dir . '/' . $name;
		file_put_contents($path, "#!/bin/sh\n" . $script . "\n");
		chmod($path, 0755);
		return $path;
	}
}
