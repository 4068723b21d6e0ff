<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Dav;
use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Mounts;
use OCA\Mirror\Tests\Integration\Harness\ProcResult;
use OCA\Mirror\Tests\Integration\Harness\Redis;
use OCA\Mirror\Tests\Integration\Harness\S3Server;
use PHPUnit\Framework\TestCase;

/**
 * Base of the scenario tests: one throwaway Nextcloud instance per test class (the app enabled), helpers that
 * drive the app the way admins and users do (occ, WebDAV, cron.php) and assertions on the mirror tree on disk.
 *
 * Tests use their own users and their own targets so they stay independent inside the shared instance;
 * targets a test added are removed (and its mounts undone) in tearDown, whatever happened.
 */
abstract class IntegrationTestCase extends TestCase {
	public const JOB_PROCESS = 'OCA\\Mirror\\BackgroundJob\\ProcessQueue';
	public const JOB_RECONCILE = 'OCA\\Mirror\\BackgroundJob\\Reconcile';
	public const MARKER = '.nextcloud-mirror';
	public const TRASH = '.mirror-trash';

	protected static ?Instance $nc = null;
	protected Mounts $mounts;
	/** @var list<int> targets added by the running test */
	private array $addedTargets = [];
	/** @var list<string> users created by the running test */
	private array $createdUsers = [];
	private int $logOffset = 0;

	/** Override to get an instance without the app enabled. */
	protected static function enableAppOnSetUp(): bool {
		return true;
	}

	/**
	 * Override to delete the users a test created after it (their files would otherwise be queued again
	 * for every target the next tests of the class add: worth it where tests store many or big files).
	 */
	protected static function deleteUsersAfterEachTest(): bool {
		return false;
	}

	/**
	 * The database of this class's instance: MIRROR_DB (sqlite, pgsql or mysql: a private PostgreSQL or MariaDB
	 * server), SQLite without it. Override to pin a class to one database.
	 */
	protected static function database(): string {
		$database = getenv('MIRROR_DB');
		return $database === false || $database === '' ? 'sqlite' : $database;
	}

	/** Override with 's3' to run the class on object storage (a private S3 server) as primary storage. */
	protected static function primaryStorage(): string {
		return 'local';
	}

	/** Override to give the class's instance file locking (and the distributed cache) on a private Redis. */
	protected static function redisLocking(): bool {
		return false;
	}

	/**
	 * Skips the class with one line when an optional service it needs is missing here, or fails instead when
	 * MIRROR_NO_SKIP is set (CI, where everything must run).
	 */
	private static function needService(?string $missing): void {
		if ($missing === null) {
			return;
		}
		if ((string)getenv('MIRROR_NO_SKIP') !== '') {
			self::fail($missing . ' (MIRROR_NO_SKIP is set, so nothing is skipped)');
		}
		self::markTestSkipped($missing);
	}

	public static function setUpBeforeClass(): void {
		if (Instance::serverRoot() === null) {
			self::markTestSkipped('NEXTCLOUD_ROOT not set');
		}
		if (static::primaryStorage() === 's3') {
			self::needService(S3Server::missing());
		}
		if (static::redisLocking()) {
			self::needService(Redis::missing());
		}
		if (static::database() === 'pgsql' && !\OCA\Mirror\Tests\Integration\Harness\Postgres::available()) {
			self::markTestSkipped('PostgreSQL (postgresql package, pdo_pgsql) not available');
		}
		if (static::database() === 'mysql' && !\OCA\Mirror\Tests\Integration\Harness\MariaDb::available()) {
			self::markTestSkipped('MariaDB (mariadb-server package, pdo_mysql) not available');
		}
		$label = (new \ReflectionClass(static::class))->getShortName();
		self::$nc = Instance::create($label, static::database(), static::primaryStorage(), static::redisLocking());
		if (static::enableAppOnSetUp()) {
			self::$nc->mustOcc(['app:enable', 'mirror']);
		}
	}

	public static function tearDownAfterClass(): void {
		self::$nc?->destroy();
		self::$nc = null;
	}

	protected function setUp(): void {
		$this->mounts = new Mounts();
		$this->addedTargets = [];
		$this->createdUsers = [];
		$this->logOffset = strlen(self::$nc->nextcloudLog());
	}

	protected function tearDown(): void {
		$failed = !$this->status()->isSuccess() && !$this->status()->isSkipped() && !$this->status()->isIncomplete();
		if ($failed) {
			$this->printDiagnostics();
		}
		foreach ($this->addedTargets as $id) {
			self::$nc->occ(['mirror:target:remove', (string)$id]);
		}
		$this->mounts->unmountAll();
		if (static::deleteUsersAfterEachTest()) {
			foreach ($this->createdUsers as $uid) {
				self::$nc->deleteUser($uid);
			}
		}
	}

	private function printDiagnostics(): void {
		$log = substr(self::$nc->nextcloudLog(), $this->logOffset);
		$lines = array_filter(explode("\n", $log));
		if ($lines === []) {
			return;
		}
		$messages = [];
		foreach (array_slice($lines, -15) as $line) {
			$entry = json_decode($line, true);
			$messages[] = is_array($entry)
				? sprintf('[%s] %s: %s', $entry['level'] ?? '?', $entry['app'] ?? '?', substr((string)($entry['message'] ?? $line), 0, 600))
				: substr($line, 0, 600);
		}
		fwrite(STDERR, "\n--- nextcloud.log during " . $this->name() . " (last " . count($messages) . " entries) ---\n"
			. implode("\n", $messages) . "\n");
	}

	// ------------------------------------------------------------------ instance access

	protected static function nc(): Instance {
		return self::$nc;
	}

	protected function dav(): Dav {
		return self::$nc->dav();
	}

	/** Creates the user on this instance (once) and returns the uid. */
	protected function user(string $uid): string {
		if (!in_array($uid, self::$nc->userIds(), true)) {
			self::$nc->addUser($uid);
			$this->createdUsers[] = $uid;
		}
		return $uid;
	}

	/** @param list<string> $args */
	protected function occ(array $args, ?string $stdin = null): ProcResult {
		return self::$nc->occ($args, [], $stdin);
	}

	/** @param list<string> $args */
	protected function occOk(array $args): ProcResult {
		$r = $this->occ($args);
		$this->assertSame(0, $r->exitCode, "occ should succeed:\n" . $r->describe());
		return $r;
	}

	// ------------------------------------------------------------------ the app's CLI

	/** A fresh, empty directory for a target (or a drive's mount point) below the instance folder. */
	protected function freshDir(string $name): string {
		$dir = self::$nc->targetsDir . '/' . $name . '-' . bin2hex(random_bytes(3));
		mkdir($dir, 0755, true);
		return $dir;
	}

	/** `occ mirror:target:add PATH --output=json`, asserting success; the target is removed after the test. */
	protected function addTarget(string $path, ?string $name = null): array {
		$args = ['mirror:target:add', $path, '--output=json'];
		if ($name !== null) {
			$args[] = '--name=' . $name;
		}
		$r = $this->occ($args);
		$this->assertSame(0, $r->exitCode, "mirror:target:add should accept $path:\n" . $r->describe());
		$target = $r->json();
		$this->assertIsArray($target, $r->describe());
		$this->assertArrayHasKey('id', $target, $r->describe());
		$this->addedTargets[] = (int)$target['id'];
		$target['path'] ??= $path;
		return $target;
	}

	/** A new plain-directory target. */
	protected function newTarget(string $name): array {
		return $this->addTarget($this->freshDir($name), $name);
	}

	/** Forget that the test added the target (it removed it itself). */
	protected function forgetTarget(int $id): void {
		$this->addedTargets = array_values(array_filter($this->addedTargets, static fn (int $t) => $t !== $id));
	}

	/** @return list<array<string,mixed>> */
	protected function targetList(): array {
		$r = $this->occOk(['mirror:target:list', '--output=json']);
		return $r->json();
	}

	protected function listedTarget(int $id): ?array {
		foreach ($this->targetList() as $t) {
			if ((int)$t['id'] === $id) {
				return $t;
			}
		}
		return null;
	}

	/** `occ mirror:process` (foreground). */
	protected function process(array $extra = []): ProcResult {
		return $this->occ(array_merge(['mirror:process'], $extra));
	}

	/** `occ mirror:process`, asserting exit code 0. */
	protected function processOk(array $extra = []): ProcResult {
		$r = $this->process($extra);
		$this->assertSame(0, $r->exitCode, "mirror:process should succeed:\n" . $r->describe());
		return $r;
	}

	/** `php cron.php` with the app's jobs made due (and only them, to keep the suite fast). */
	protected function cron(array $jobs = [self::JOB_PROCESS]): ProcResult {
		$r = self::$nc->runCron($jobs);
		$this->assertSame(0, $r->exitCode, "cron.php should succeed:\n" . $r->describe());
		return $r;
	}

	/** @return array{targets: list<array<string,mixed>>, users: list<array<string,mixed>>} */
	protected function mirrorStatus(?string $user = null): array {
		$args = ['mirror:status', '--output=json'];
		if ($user !== null) {
			$args[] = '--user=' . $user;
		}
		$r = $this->occ($args);
		$this->assertSame(0, $r->exitCode, "mirror:status should succeed:\n" . $r->describe());
		$status = $r->json();
		$this->assertIsArray($status['targets'] ?? null, 'status has targets: ' . $r->stdout);
		$this->assertIsArray($status['users'] ?? null, 'status has users: ' . $r->stdout);
		return $status;
	}

	protected function targetStatus(int $targetId): array {
		foreach ($this->mirrorStatus()["targets"] as $t) {
			if ((int)$t['id'] === $targetId) {
				return $t;
			}
		}
		$this->fail("mirror:status does not list target $targetId");
	}

	/** The status row of one user on one target (null: none). */
	protected function userStatus(string $uid, int $targetId): ?array {
		foreach ($this->mirrorStatus($uid)["users"] as $row) {
			if ($row['userId'] === $uid && (int)$row['targetId'] === $targetId) {
				return $row;
			}
		}
		return null;
	}

	/**
	 * The Files badge of each file of a folder listing (PROPFIND Depth 1, as Files asks), by name; files without one left out.
	 *
	 * @return array<string, string>
	 */
	protected function badges(string $uid, string $folder): array {
		$badge = '{http://nextcloud.org/ns}mirror-status';
		$states = [];
		foreach ($this->dav()->propfind($uid, $folder, 1, [$badge]) as $href => $props) {
			if (isset($props[$badge])) {
				$states[rawurldecode(basename(rtrim($href, '/')))] = $props[$badge];
			}
		}
		ksort($states);
		return $states;
	}

	// ------------------------------------------------------------------ source and mirror trees

	protected function sourcePath(string $uid, string $path): string {
		return self::$nc->userFilesDir($uid) . '/' . ltrim($path, '/');
	}

	protected function mirrorPath(array|string $target, string $uid, string $path = ''): string {
		$root = is_array($target) ? $target['path'] : $target;
		return rtrim($root . '/' . $uid . '/' . ltrim($path, '/'), '/');
	}

	/**
	 * Files below DIR as relative paths, sorted.
	 *
	 * @return list<string>
	 */
	protected static function filesBelow(string $dir, bool $withDirs = false): array {
		if (!is_dir($dir)) {
			return [];
		}
		$result = [];
		$it = new \RecursiveIteratorIterator(
			new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS),
			\RecursiveIteratorIterator::SELF_FIRST);
		foreach ($it as $file) {
			/** @var \SplFileInfo $file */
			if ($withDirs || !$file->isDir()) {
				$result[] = substr($file->getPathname(), strlen($dir) + 1) . ($file->isDir() ? '/' : '');
			}
		}
		sort($result);
		return $result;
	}

	/** @return list<string> the user's files in Nextcloud (relative paths) */
	protected function sourceFiles(string $uid, string $below = ''): array {
		return self::filesBelow(rtrim($this->sourcePath($uid, $below), '/'));
	}

	/** @return list<string> the user's files on the mirror (relative paths) */
	protected function mirrorFiles(array|string $target, string $uid, string $below = ''): array {
		return self::filesBelow(rtrim($this->mirrorPath($target, $uid, $below), '/'));
	}

	/**
	 * Copies of UID's PATH in the target's .mirror-trash (any date): date => absolute path.
	 *
	 * @return array<string,string>
	 */
	protected function trashCopies(array|string $target, string $uid, string $path): array {
		$root = (is_array($target) ? $target['path'] : $target) . '/' . self::TRASH . '/' . $uid;
		$copies = [];
		foreach (glob($root . '/*', GLOB_ONLYDIR) ?: [] as $dateDir) {
			$candidate = $dateDir . '/' . ltrim($path, '/');
			if (file_exists($candidate)) {
				$copies[basename($dateDir)] = $candidate;
			}
		}
		return $copies;
	}

	/** @return list<string> temporary files (.mirror-*.part) anywhere on the target */
	protected function tempFiles(array|string $target): array {
		$root = is_array($target) ? $target['path'] : $target;
		return array_values(array_filter(self::filesBelow($root),
			static fn (string $f) => (bool)preg_match('/(^|\/)\.mirror-[^\/]*\.part$/', $f)));
	}

	protected function assertNoTempFiles(array|string $target): void {
		$this->assertSame([], $this->tempFiles($target), 'no .mirror-*.part file may be left on the target');
	}

	/**
	 * The mirror copy of UID's PATH exists and equals the source: same bytes, the mtime Nextcloud shows for
	 * the file (WebDAV getlastmodified: the file cache's mtime, which is not always the data dir's), mode 0644.
	 */
	protected function assertMirrored(array|string $target, string $uid, string $path, bool $checkMode = true, ?int $mtimeSlack = 0, ?int $expectedMtime = null): void {
		$source = $this->sourcePath($uid, $path);
		$copy = $this->mirrorPath($target, $uid, $path);
		clearstatcache();
		$this->assertFileExists($source, "source $uid/$path should exist in Nextcloud");
		$this->assertFileExists($copy, "$uid/$path should be mirrored");
		$this->assertSame(filesize($source), filesize($copy), "size of mirrored $uid/$path");
		$this->assertSame(hash_file('sha256', $source), hash_file('sha256', $copy), "content of mirrored $uid/$path");
		if ($mtimeSlack !== null) { // null: this filesystem cannot be trusted with mtimes
			$expectedMtime ??= $this->nextcloudMtime($uid, $path);
			$this->assertEqualsWithDelta($expectedMtime, filemtime($copy), $mtimeSlack, "mtime of mirrored $uid/$path should be the one Nextcloud shows");
		}
		if ($checkMode) {
			$this->assertSame('0644', sprintf('%04o', fileperms($copy) & 0777), "mode of mirrored $uid/$path");
		}
	}

	/** Every file of UID (below BELOW) is mirrored, and nothing else is there. */
	protected function assertUserMirrored(array|string $target, string $uid, string $below = '', bool $checkMode = true, ?int $mtimeSlack = 0): void {
		$expected = $this->sourceFiles($uid, $below);
		$this->assertSame($expected, $this->mirrorFiles($target, $uid, $below), "mirror tree of $uid/$below should equal Nextcloud's");
		$mtimes = $mtimeSlack === null ? [] : $this->nextcloudMtimes($uid, $below);
		foreach ($expected as $file) {
			$path = ltrim($below . '/' . $file, '/');
			$this->assertMirrored($target, $uid, $path, $checkMode, $mtimeSlack, $mtimes[$path] ?? null);
		}
	}

	/** The mtime Nextcloud reports for a file (WebDAV getlastmodified). */
	protected function nextcloudMtime(string $uid, string $path): int {
		$props = $this->dav()->propfind($uid, $path, 0, ['{DAV:}getlastmodified']);
		$value = reset($props)['{DAV:}getlastmodified'] ?? null;
		$this->assertNotNull($value, "Nextcloud reports no mtime for $uid/$path");
		return (int)strtotime($value);
	}

	/**
	 * Mtimes Nextcloud reports for every file below a folder (PROPFIND depth 1, folder by folder).
	 *
	 * @return array<string,int> path relative to the user's files => mtime
	 */
	protected function nextcloudMtimes(string $uid, string $below = ''): array {
		$result = [];
		$prefix = '/remote.php/dav/files/' . $uid . '/';
		$folders = [trim($below, '/')];
		while ($folders !== []) {
			$folder = array_shift($folders);
			$entries = $this->dav()->propfind($uid, $folder, 1, ['{DAV:}getlastmodified', '{DAV:}resourcetype']);
			foreach ($entries as $href => $props) {
				$path = trim(substr($href, strpos($href, $prefix) + strlen($prefix)), '/');
				if ($path === $folder) {
					continue;
				}
				if (str_ends_with($href, '/')) {
					$folders[] = $path;
				} elseif (isset($props['{DAV:}getlastmodified'])) {
					$result[$path] = (int)strtotime($props['{DAV:}getlastmodified']);
				}
			}
		}
		return $result;
	}

	protected static function inode(string $path): int {
		clearstatcache();
		return (int)fileinode($path);
	}

	/** Writes a file of SIZE bytes with unique content (fast: a random block repeated, a counter per block). */
	protected static function makeFile(string $path, int $size): string {
		if (!is_dir(dirname($path))) {
			mkdir(dirname($path), 0755, true);
		}
		$block = random_bytes(1024 * 1024);
		$h = fopen($path, 'w');
		for ($written = 0, $i = 0; $written < $size; $i++) {
			$chunk = substr(pack('J', $i) . $block, 0, min(strlen($block), $size - $written));
			fwrite($h, $chunk);
			$written += strlen($chunk);
		}
		fclose($h);
		return $path;
	}

	/** A scratch folder outside the instance's data and targets (for client-side files). */
	protected function scratchDir(string $name): string {
		$dir = self::$nc->base . '/scratch/' . $name . '-' . bin2hex(random_bytes(3));
		mkdir($dir, 0755, true);
		return $dir;
	}
}
