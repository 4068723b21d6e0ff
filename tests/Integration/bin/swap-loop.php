<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * php swap-loop.php A B SECONDS
 *
 * The writer of an exported drive at its worst: swaps A and B (a folder and a symbolic link to a
 * folder outside the target) with renameat2(RENAME_EXCHANGE) in a tight loop, for at most SECONDS,
 * so that whatever a process finds at A a moment ago is the other one now. Prints how many swaps
 * went through. Needs FFI (the CLI allows it by default).
 */

if ($argc !== 4) {
	fwrite(STDERR, "usage: php swap-loop.php A B SECONDS\n");
	exit(2);
}
[, $a, $b, $seconds] = $argv;
$libc = FFI::cdef('int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);', 'libc.so.6');
$atFdcwd = -100;
$exchange = 2; // RENAME_EXCHANGE
$until = microtime(true) + (float)$seconds;
$swaps = 0;
$failures = 0;
$stop = false;
pcntl_async_signals(true);
pcntl_signal(SIGTERM, static function () use (&$stop): void {
	$stop = true;
});
while (!$stop) {
	for ($i = 0; $i < 1000; $i++) {
		if ($libc->renameat2($atFdcwd, $a, $atFdcwd, $b, $exchange) === 0) {
			$swaps++;
		} else {
			$failures++; // one of them is gone (removed as the link it was): go on trying
		}
	}
	if (microtime(true) >= $until) {
		break;
	}
}
echo $swaps, ' swaps, ', $failures, " failed\n";
