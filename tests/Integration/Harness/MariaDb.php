<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * A private, throwaway MariaDB server for one instance (Debian's mariadb-server binaries, run as root with
 * `--user=root`): its own datadir, socket, pid file, error log and port, all in one folder below the run's,
 * root without a password on 127.0.0.1, nothing flushed to disk at commit (it only has to be fast). A system
 * MariaDB is never touched: no option file is read (`--no-defaults`), no system path is used.
 *
 * MariaDB brings its own rules to Mirror's SQL: index length limits, REPEATABLE READ as its default isolation
 * (Nextcloud sets READ COMMITTED on each connection), 4-byte UTF-8 only with `mysql.utf8mb4`.
 */
final class MariaDb {
	public readonly string $dir;
	public readonly int $port;
	private bool $running = false;
	/** @var resource|null the mariadbd process (proc_open) */
	private $process = null;

	/** @param string|null $dir where its files go (default: a new folder below MIRROR_IT_TMPDIR) */
	public function __construct(?string $dir = null) {
		$parent = getenv('MIRROR_IT_TMPDIR') ?: sys_get_temp_dir();
		$this->dir = $dir ?? $parent . '/mirror-it-mariadb-' . bin2hex(random_bytes(4));
		$this->port = Ports::free();
	}

	public static function serverBinary(): ?string {
		foreach (['/usr/sbin/mariadbd', '/usr/sbin/mysqld'] as $binary) {
			if (is_executable($binary)) {
				return $binary;
			}
		}
		return null;
	}

	public static function available(): bool {
		return self::serverBinary() !== null && self::installDbBinary() !== null && extension_loaded('pdo_mysql');
	}

	/** A new, empty server with an empty database `nextcloud`. */
	public function start(): void {
		$installDb = self::installDbBinary() ?? throw new \RuntimeException('mariadb-install-db is missing');
		mkdir($this->dir, 0700, true);
		$this->mustRun([$installDb, '--no-defaults', '--datadir=' . $this->dir . '/data', '--user=root',
			'--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve']);
		$this->launch();
		$this->rootPdo()->exec('CREATE DATABASE nextcloud CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
	}

	/**
	 * A server on a copy of another's data folder (dataDir() of one shut down: the harness's template of an
	 * installed Nextcloud), on its own port.
	 */
	public function startFrom(string $dataDir): void {
		mkdir($this->dir, 0700, true);
		$this->mustRun(['cp', '-a', $dataDir, $this->dir . '/data']);
		$this->launch();
	}

	public function dataDir(): string {
		return $this->dir . '/data';
	}

	private function launch(): void {
		$server = self::serverBinary() ?? throw new \RuntimeException('MariaDB is not installed (mariadb-server)');
		$command = array_merge([$server], $this->serverOptions());
		$log = fopen($this->dir . '/stdout.log', 'a');
		// setsid: its own process group, so a Ctrl-C to the suite is handled by the suite's cleanup, not by mariadbd.
		$process = proc_open(array_merge(['setsid'], $command), [0 => ['file', '/dev/null', 'r'], 1 => $log, 2 => $log], $pipes, '/');
		if ($process === false) {
			throw new \RuntimeException('Cannot start mariadbd');
		}
		$this->process = $process;
		$this->running = true;
		$deadline = microtime(true) + 60;
		while (microtime(true) < $deadline) {
			if ($this->answers()) {
				return;
			}
			if (!proc_get_status($process)['running']) {
				$this->running = false;
				throw new \RuntimeException("mariadbd exited:\n" . $this->errorLog());
			}
			usleep(100_000);
		}
		throw new \RuntimeException("MariaDB did not come up within 60 s:\n" . $this->errorLog());
	}

	/** Stops the server and deletes its files. */
	public function stop(): void {
		$this->shutdown();
		if (is_dir($this->dir)) {
			Proc::run(['rm', '-rf', '--one-file-system', $this->dir]);
		}
	}

	/** Stops the server cleanly; its files stay (a template's). */
	public function shutdown(): void {
		if ($this->running) {
			$this->running = false;
			$pid = (int)@file_get_contents($this->dir . '/mariadbd.pid');
			Proc::run(['mysqladmin', '--no-defaults', '--socket=' . $this->socket(), '--user=root', 'shutdown'], [], '/', null, 60);
			// mysqladmin shutdown waits for the server; should it not have gone, it goes now.
			if ($pid > 0 && posix_kill($pid, 0)) {
				posix_kill($pid, SIGKILL);
			}
			if ($this->process !== null) {
				proc_close($this->process);
				$this->process = null;
			}
		}
	}

	/** @return list<string> arguments for occ maintenance:install */
	public function installArgs(): array {
		return ['--database', 'mysql', '--database-host', '127.0.0.1:' . $this->port, '--database-name', 'nextcloud',
			'--database-user', 'root', '--database-pass', ''];
	}

	public function socket(): string {
		return $this->dir . '/mariadbd.sock';
	}

	public function errorLog(): string {
		return (string)@file_get_contents($this->dir . '/error.log') . (string)@file_get_contents($this->dir . '/stdout.log');
	}

	/** @return list<string> */
	private function serverOptions(): array {
		return [
			'--no-defaults',
			'--user=root',
			'--datadir=' . $this->dir . '/data',
			'--socket=' . $this->socket(),
			'--pid-file=' . $this->dir . '/mariadbd.pid',
			'--log-error=' . $this->dir . '/error.log',
			'--tmpdir=' . $this->dir,
			'--port=' . $this->port,
			'--skip-networking=0',
			'--bind-address=127.0.0.1',
			'--skip-name-resolve',
			'--skip-log-bin',
			'--character-set-server=utf8mb4',
			'--collation-server=utf8mb4_general_ci',
			'--max-connections=100',
			// Speed over durability: a test database is thrown away.
			'--innodb-flush-log-at-trx-commit=0',
			'--innodb-doublewrite=0',
			'--innodb-buffer-pool-size=64M',
			'--innodb-log-file-size=16M',
			'--sync-binlog=0',
			'--performance-schema=0',
			// A recursive CTE stops after 1,000 rounds by default; fixtures count to 100,000 and more.
			'--max-recursive-iterations=1000000',
		];
	}

	private function answers(): bool {
		if (!file_exists($this->socket())) {
			return false;
		}
		try {
			$this->rootPdo()->query('SELECT 1');
			return true;
		} catch (\PDOException) {
			return false;
		}
	}

	private function rootPdo(): \PDO {
		$pdo = new \PDO('mysql:unix_socket=' . $this->socket(), 'root', '');
		$pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_EXCEPTION);
		return $pdo;
	}

	private static function installDbBinary(): ?string {
		foreach (['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'] as $binary) {
			if (is_executable($binary)) {
				return $binary;
			}
		}
		return null;
	}

	/** @param list<string> $command */
	private function mustRun(array $command): void {
		$r = Proc::run($command, [], '/', null, 120);
		if (!$r->ok()) {
			throw new \RuntimeException("MariaDB setup failed:\n" . $r->describe());
		}
	}
}
