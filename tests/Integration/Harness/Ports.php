<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * Free TCP ports on 127.0.0.1 for web servers and databases, never the same one twice in a run.
 *
 * The kernel hands out a free port (bind to port 0), and the socket is closed before the server binds it: in
 * between, another test process of a parallel run (tests/Integration/run.sh, MIRROR_IT_JOBS) could be handed
 * the same port. Every port given out is recorded, under a lock, in MIRROR_IT_PORTS (a file of the run, which
 * every shard shares); a port already recorded is never given again. Without it, in the process only.
 */
final class Ports {
	/** @var array<int,true> */
	private static array $given = [];

	public static function free(): int {
		$registry = getenv('MIRROR_IT_PORTS') ?: null;
		if ($registry === null) {
			return self::pick(self::$given);
		}
		$handle = fopen($registry, 'c+');
		if ($handle === false) {
			throw new \RuntimeException("Cannot open the port registry $registry");
		}
		try {
			flock($handle, LOCK_EX);
			$used = array_fill_keys(array_map('intval', preg_split('/\s+/', (string)stream_get_contents($handle), -1, PREG_SPLIT_NO_EMPTY) ?: []), true);
			$port = self::pick($used + self::$given);
			fseek($handle, 0, SEEK_END);
			fwrite($handle, $port . "\n");
			fflush($handle);
			return $port;
		} finally {
			flock($handle, LOCK_UN);
			fclose($handle);
		}
	}

	/** @param array<int,true> $used */
	private static function pick(array $used): int {
		for ($try = 0; $try < 100; $try++) {
			$socket = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
			if ($socket === false) {
				throw new \RuntimeException("No free port: $errstr");
			}
			$name = (string)stream_socket_get_name($socket, false);
			fclose($socket);
			$port = (int)substr($name, strrpos($name, ':') + 1);
			if (!isset($used[$port])) {
				self::$given[$port] = true;
				return $port;
			}
		}
		throw new \RuntimeException('No free port that this run has not given out already');
	}
}
