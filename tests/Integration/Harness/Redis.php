<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * A private, throwaway Redis for one instance (Debian's redis-server): no TCP port, a unix socket in its own
 * folder below the run's, nothing saved to disk. Nextcloud reaches it through php-redis (`php8.2-redis`) for
 * its file locking (`memcache.locking`) and its distributed cache (`memcache.distributed`). A system Redis is
 * never used: no configuration file is read.
 */
final class Redis {
	public readonly string $dir;
	/** @var resource|null the redis-server process (proc_open) */
	private $process = null;
	private ?int $pid = null;

	public function __construct() {
		$parent = getenv('MIRROR_IT_TMPDIR') ?: sys_get_temp_dir();
		$this->dir = $parent . '/mirror-it-redis-' . bin2hex(random_bytes(4));
	}

	public static function serverBinary(): ?string {
		return is_executable('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null;
	}

	public static function available(): bool {
		return self::missing() === null;
	}

	/** Why it can't run here, in one line (null: it can). */
	public static function missing(): ?string {
		if (self::serverBinary() === null) {
			return 'Redis not available: redis-server is not installed (redis-server package)';
		}
		if (!extension_loaded('redis')) {
			return 'Redis not available: PHP lacks the redis extension (php8.2-redis)';
		}
		return null;
	}

	public function socket(): string {
		return $this->dir . '/redis.sock';
	}

	public function start(): void {
		$server = self::serverBinary() ?? throw new \RuntimeException((string)self::missing());
		mkdir($this->dir, 0700, true);
		$log = fopen($this->dir . '/redis.log', 'a');
		// setsid: its own process group, so a Ctrl-C to the suite is handled by the suite's cleanup.
		$process = proc_open(['setsid', $server, '--port', '0', '--unixsocket', $this->socket(), '--unixsocketperm', '700',
			'--dir', $this->dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--databases', '1',
			// for run.sh's cleanup, should this PHP process die before it stops the server
			'--pidfile', $this->dir . '/redis.pid'],
			[0 => ['file', '/dev/null', 'r'], 1 => $log, 2 => $log], $pipes, '/');
		if ($process === false) {
			throw new \RuntimeException('Cannot start redis-server');
		}
		$this->process = $process;
		$this->pid = (int)proc_get_status($process)['pid'];
		$deadline = microtime(true) + 30;
		while (microtime(true) < $deadline) {
			if (!proc_get_status($process)['running']) {
				throw new \RuntimeException("redis-server exited:\n" . $this->log());
			}
			if ($this->answers()) {
				return;
			}
			usleep(50_000);
		}
		throw new \RuntimeException("redis-server did not answer within 30 s:\n" . $this->log());
	}

	public function stop(): void {
		if ($this->process !== null) {
			WebServer::stopGroup($this->process, $this->pid);
			$this->process = null;
		}
		if (is_dir($this->dir) && getenv('MIRROR_IT_KEEP') !== '1') {
			Proc::run(['rm', '-rf', '--one-file-system', $this->dir]);
		}
	}

	/**
	 * config.php entries: file locking and the distributed cache on this Redis.
	 *
	 * @return array<string, mixed>
	 */
	public function config(): array {
		return [
			'memcache.locking' => '\\OC\\Memcache\\Redis',
			'memcache.distributed' => '\\OC\\Memcache\\Redis',
			'redis' => ['host' => $this->socket(), 'port' => 0],
		];
	}

	/**
	 * Keys Nextcloud's file locking holds now (`lock` entries of OC\Lock\MemcacheLockingProvider).
	 *
	 * @return list<string>
	 */
	public function keys(string $pattern = '*'): array {
		$redis = new \Redis();
		$redis->connect($this->socket());
		$keys = $redis->keys($pattern);
		$redis->close();
		return is_array($keys) ? array_values(array_map('strval', $keys)) : [];
	}

	public function log(): string {
		return (string)@file_get_contents($this->dir . '/redis.log');
	}

	private function answers(): bool {
		if (!file_exists($this->socket())) {
			return false;
		}
		try {
			$redis = new \Redis();
			$redis->connect($this->socket());
			$pong = $redis->ping();
			$redis->close();
			return $pong !== false;
		} catch (\RedisException) {
			return false;
		}
	}
}
