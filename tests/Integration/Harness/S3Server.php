<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * A private, throwaway S3-compatible server for one instance: s3rver (an npm devDependency, run with the
 * system's node) on a free port on 127.0.0.1, its objects in one folder below the run's. Nextcloud's S3 object
 * store talks to it path-style over plain HTTP with s3rver's fixed credentials; the bucket is created by
 * Nextcloud itself (`autocreate`).
 *
 * s3rver keeps each object as a plain file, `<dir>/<bucket>/<key>._S3rver_object` (Nextcloud's keys are
 * `urn:oid:<fileid>`), so a test can look at the bytes in the bucket without an S3 client.
 */
final class S3Server {
	public const BUCKET = 'nextcloud';
	/** s3rver's built-in account (lib/models/account.js). */
	public const KEY = 'S3RVER';
	public const SECRET = 'S3RVER';

	public readonly string $dir;
	public readonly int $port;
	/** @var resource|null the node process (proc_open) */
	private $process = null;
	private ?int $pid = null;

	public function __construct() {
		$parent = getenv('MIRROR_IT_TMPDIR') ?: sys_get_temp_dir();
		$this->dir = $parent . '/mirror-it-s3-' . bin2hex(random_bytes(4));
		$this->port = Ports::free(); // never one a parallel shard was given (Ports)
	}

	/** s3rver's command-line script in this checkout's node_modules (npm ci installs it). */
	public static function script(): string {
		return Instance::appRoot() . '/node_modules/s3rver/bin/s3rver.js';
	}

	public static function available(): bool {
		return self::node() !== null && is_file(self::script());
	}

	/** Why it can't run here, in one line (null: it can). */
	public static function missing(): ?string {
		if (self::node() === null) {
			return 'S3 server not available: node is not installed';
		}
		if (!is_file(self::script())) {
			return 'S3 server not available: node_modules/s3rver is missing (npm ci)';
		}
		return null;
	}

	public function start(): void {
		$node = self::node() ?? throw new \RuntimeException((string)self::missing());
		mkdir($this->dir . '/data', 0700, true);
		$log = fopen($this->dir . '/s3rver.log', 'a');
		// setsid: its own process group, so a Ctrl-C to the suite is handled by the suite's cleanup.
		$process = proc_open(['setsid', $node, self::script(), '--directory', $this->dir . '/data',
			'--address', '127.0.0.1', '--port', (string)$this->port, '--silent'],
			[0 => ['file', '/dev/null', 'r'], 1 => $log, 2 => $log], $pipes, '/');
		if ($process === false) {
			throw new \RuntimeException('Cannot start s3rver');
		}
		$this->process = $process;
		$this->pid = (int)proc_get_status($process)['pid'];
		// for run.sh's cleanup, should this PHP process die before it stops the server
		file_put_contents($this->dir . '/s3rver.pid', (string)$this->pid);
		$deadline = microtime(true) + 30;
		while (microtime(true) < $deadline) {
			if (!proc_get_status($process)['running']) {
				throw new \RuntimeException("s3rver exited:\n" . $this->log());
			}
			if ($this->answers()) {
				return;
			}
			usleep(100_000);
		}
		throw new \RuntimeException("s3rver did not answer within 30 s:\n" . $this->log());
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
	 * The `objectstore` entry of config.php: Nextcloud's S3 store, path-style, plain HTTP, the bucket made
	 * by Nextcloud when it is missing.
	 *
	 * @return array{class: string, arguments: array<string, mixed>}
	 */
	public function objectStoreConfig(): array {
		return [
			'class' => '\\OC\\Files\\ObjectStore\\S3',
			'arguments' => [
				'bucket' => self::BUCKET,
				'autocreate' => true,
				'key' => self::KEY,
				'secret' => self::SECRET,
				'hostname' => '127.0.0.1',
				'port' => $this->port,
				'use_ssl' => false,
				'use_path_style' => true,
				'region' => 'us-east-1',
			],
		];
	}

	/**
	 * The objects in the bucket: key => the file s3rver keeps its bytes in.
	 *
	 * @return array<string, string>
	 */
	public function objects(): array {
		$suffix = '._S3rver_object';
		$root = $this->dir . '/data/' . self::BUCKET;
		$out = [];
		if (!is_dir($root)) {
			return $out;
		}
		$it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
		foreach ($it as $file) {
			/** @var \SplFileInfo $file */
			$path = $file->getPathname();
			if ($file->isFile() && str_ends_with($path, $suffix)) {
				$out[substr($path, strlen($root) + 1, -strlen($suffix))] = $path;
			}
		}
		return $out;
	}

	public function log(): string {
		return (string)@file_get_contents($this->dir . '/s3rver.log');
	}

	private function answers(): bool {
		$ch = curl_init('http://127.0.0.1:' . $this->port . '/');
		curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 2]);
		curl_exec($ch);
		$code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
		curl_close($ch);
		// any HTTP answer (an anonymous ListBuckets is refused with 403) means it listens
		return $code > 0;
	}

	private static function node(): ?string {
		foreach (explode(':', (string)getenv('PATH')) as $dir) {
			if ($dir !== '' && is_executable($dir . '/node')) {
				return $dir . '/node';
			}
		}
		return null;
	}
}
