<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * A private, throwaway PostgreSQL server for one instance (Debian's postgresql binaries, run as the
 * `postgres` user, trust authentication on 127.0.0.1, no fsync: it only has to be fast).
 * SQLite serializes concurrent workers on its database lock; PostgreSQL lets them really run side by side.
 */
final class Postgres {
	public readonly string $dir;
	public readonly int $port;
	private bool $running = false;

	/**
	 * @param string|null $dir where its files go (default: a new folder in the system's temporary folder, which
	 *                         the postgres user can reach: the run's folder is root's alone)
	 */
	public function __construct(?string $dir = null) {
		$this->dir = $dir ?? sys_get_temp_dir() . '/mirror-it-pg-' . bin2hex(random_bytes(4));
		$this->port = Ports::free();
	}

	public static function binDir(): ?string {
		foreach (glob('/usr/lib/postgresql/*/bin/pg_ctl') ?: [] as $pgCtl) {
			return dirname($pgCtl);
		}
		return null;
	}

	public static function available(): bool {
		return self::binDir() !== null && function_exists('posix_getpwnam') && posix_getpwnam('postgres') !== false
			&& extension_loaded('pdo_pgsql');
	}

	/** A new, empty server with an empty database `nextcloud`. */
	public function start(): void {
		$bin = self::binDir() ?? throw new \RuntimeException('PostgreSQL is not installed');
		mkdir($this->dir, 0700);
		Proc::run(['chown', 'postgres:', $this->dir]);
		$this->asPostgres([$bin . '/initdb', '-D', $this->dataDir(), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
		$this->launch();
		$this->asPostgres([$bin . '/createdb', '-h', $this->dir, '-p', (string)$this->port, '-U', 'postgres', 'nextcloud']);
	}

	/**
	 * A server on a copy of another's data folder (dataDir() of one shut down: the harness's template of an
	 * installed Nextcloud), on its own port.
	 */
	public function startFrom(string $dataDir): void {
		mkdir($this->dir, 0700);
		Proc::run(['chown', 'postgres:', $this->dir]);
		$copy = Proc::run(['cp', '-a', $dataDir, $this->dataDir()]);
		if (!$copy->ok()) {
			throw new \RuntimeException("Cannot copy the template's PostgreSQL data:\n" . $copy->describe());
		}
		$this->launch();
	}

	public function dataDir(): string {
		return $this->dir . '/data';
	}

	private function launch(): void {
		$options = sprintf('-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50',
			$this->port, $this->dir);
		$this->asPostgres([self::binDir() . '/pg_ctl', '-D', $this->dataDir(), '-l', $this->dir . '/server.log', '-o', $options, '-w', 'start']);
		$this->running = true;
	}

	/** Stops the server at once and deletes its files. */
	public function stop(): void {
		if ($this->running) {
			$this->running = false;
			Proc::run(['runuser', '-u', 'postgres', '--', self::binDir() . '/pg_ctl', '-D', $this->dataDir(), '-m', 'immediate', '-w', 'stop']);
		}
		if (is_dir($this->dir)) {
			Proc::run(['rm', '-rf', '--one-file-system', $this->dir]);
		}
	}

	/** Stops the server cleanly (a checkpoint first: a copy of its files starts without recovery); they stay. */
	public function shutdown(): void {
		if ($this->running) {
			$this->running = false;
			$this->asPostgres([self::binDir() . '/pg_ctl', '-D', $this->dataDir(), '-m', 'fast', '-w', 'stop']);
		}
	}

	/** @return list<string> arguments for occ maintenance:install */
	public function installArgs(): array {
		return ['--database', 'pgsql', '--database-host', '127.0.0.1:' . $this->port, '--database-name', 'nextcloud',
			'--database-user', 'postgres', '--database-pass', 'unused-trust-auth'];
	}

	/** @param list<string> $command */
	private function asPostgres(array $command): void {
		$r = Proc::run(array_merge(['runuser', '-u', 'postgres', '--'], $command), [], '/', null, 120);
		if (!$r->ok()) {
			throw new \RuntimeException("PostgreSQL setup failed:\n" . $r->describe());
		}
	}
}
