<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * A throwaway Nextcloud instance built from a read-only server tree (NEXTCLOUD_ROOT).
 *
 * Everything the instance writes lives in one temporary folder:
 *   config/   NEXTCLOUD_CONFIG_DIR (config.php with apps_paths adding apps/)
 *   apps/     extra, writable apps folder; apps/mirror -> the checkout under test
 *   data/     the data directory (sqlite database, users' files, nextcloud.log)
 *   targets/  room for mirror targets and "drives" used by tests
 *   home/     HOME for nextcloudcmd
 *   server.log  the built-in web server's request log
 */
final class Instance {
	public const ADMIN = 'admin';
	public const ADMIN_PASSWORD = 'admin-It-Pass-123';
	public const APPS_URL = '/mirror-it-apps';

	public readonly string $root;
	public readonly string $appRoot;
	public readonly string $base;
	public readonly string $configDir;
	public readonly string $appsDir;
	public readonly string $dataDir;
	public readonly string $targetsDir;
	public readonly string $homeDir;
	public readonly Mounts $mounts;

	private ?Postgres $postgres = null;
	private ?MariaDb $mariadb = null;
	private ?S3Server $s3 = null;
	private ?Redis $redis = null;
	/** @var array<string,string> uid => password */
	private array $users = [self::ADMIN => self::ADMIN_PASSWORD];
	/** @var resource|null */
	private $server = null;
	private ?int $serverPid = null;
	private ?int $port = null;
	/** @var list<WebServer> other nodes' web servers on this instance (startWebServer) */
	private array $otherServers = [];
	private bool $destroyed = false;
	/** @var array<string,string> set for every command and the web server (hideTools) */
	private array $extraEnv = [];

	/** @var list<self> */
	private static array $live = [];
	private static bool $handlersInstalled = false;

	private function __construct(string $root, string $appRoot, string $base) {
		$this->root = rtrim($root, '/');
		$this->appRoot = $appRoot;
		$this->base = $base;
		$this->configDir = $base . '/config/';
		$this->appsDir = $base . '/apps';
		$this->dataDir = $base . '/data';
		$this->targetsDir = $base . '/targets';
		$this->homeDir = $base . '/home';
		$this->mounts = new Mounts();
	}

	public static function serverRoot(): ?string {
		$root = getenv('NEXTCLOUD_ROOT');
		if ($root === false || $root === '') {
			return null;
		}
		return rtrim($root, '/');
	}

	/** The checkout under test (the folder holding appinfo/info.xml). */
	public static function appRoot(): string {
		return dirname(__DIR__, 3);
	}

	/**
	 * Installs a fresh instance and starts its web server.
	 *
	 * @param string $database 'sqlite' (a copy of the run's template when MIRROR_IT_TEMPLATE_DIR is set), 'pgsql'
	 *                         (a private PostgreSQL server) or 'mysql' (a private MariaDB server)
	 * @param string $primaryStorage 'local' (the data folder) or 's3' (a private S3 server as primary storage:
	 *                               Nextcloud needs its `objectstore` before it is installed, so no template copy)
	 * @param bool $redis file locking and the distributed cache on a private Redis (no template copy either)
	 */
	public static function create(string $label = 'it', string $database = 'sqlite', string $primaryStorage = 'local', bool $redis = false): self {
		if (!in_array($primaryStorage, ['local', 's3'], true)) {
			throw new \InvalidArgumentException("Unknown primary storage '$primaryStorage' (local or s3)");
		}
		$root = self::serverRoot();
		if ($root === null || !is_file($root . '/occ')) {
			throw new \RuntimeException('NEXTCLOUD_ROOT does not point at a Nextcloud server tree');
		}
		$tmp = getenv('MIRROR_IT_TMPDIR') ?: sys_get_temp_dir();
		$base = $tmp . '/mirror-it-' . preg_replace('/[^A-Za-z0-9]+/', '-', $label) . '-' . bin2hex(random_bytes(3));
		foreach (['', '/config', '/apps', '/targets', '/home'] as $dir) {
			if (!mkdir($base . $dir, 0755, true) && !is_dir($base . $dir)) {
				throw new \RuntimeException("Cannot create $base$dir");
			}
		}
		$instance = new self($root, self::appRoot(), $base);
		self::$live[] = $instance;
		self::installHandlers();
		try {
			$template = getenv('MIRROR_IT_TEMPLATE_DIR') ?: null;
			if (!in_array($database, ['sqlite', 'pgsql', 'mysql'], true)) {
				throw new \InvalidArgumentException("Unknown database '$database' (sqlite, pgsql or mysql)");
			}
			if ($primaryStorage === 's3') {
				$instance->s3 = new S3Server();
				$instance->s3->start();
				$template = null;
			}
			if ($redis) {
				$instance->redis = new Redis();
				$instance->redis->start();
				$template = null;
			}
			if ($database === 'pgsql') {
				$instance->postgres = new Postgres();
			} elseif ($database === 'mysql') {
				$instance->mariadb = new MariaDb();
			}
			if ($template !== null) {
				$instance->cloneFrom(self::template($root, self::templateDir($template, $database), $database));
			} else {
				$instance->postgres?->start();
				$instance->mariadb?->start();
				$instance->install();
			}
			// MIRROR_APP_ARCHIVE: the app comes from a release archive instead of the checkout (tests/Browser).
			$archive = getenv('MIRROR_APP_ARCHIVE');
			if (is_string($archive) && $archive !== '') {
				$instance->installAppArchive($archive);
			}
			$instance->startServer();
		} catch (\Throwable $e) {
			$instance->destroy();
			throw $e;
		}
		return $instance;
	}

	/**
	 * Installs the run's SQLite template (MIRROR_IT_TEMPLATE_DIR) now, unless it is there already: run.sh does it
	 * once before its parallel shards start, rather than have the first class of each shard wait on the lock.
	 */
	public static function prepareTemplate(string $database = 'sqlite'): void {
		$root = self::serverRoot() ?? throw new \RuntimeException('NEXTCLOUD_ROOT is not set');
		$dir = getenv('MIRROR_IT_TEMPLATE_DIR') ?: throw new \RuntimeException('MIRROR_IT_TEMPLATE_DIR is not set');
		self::template($root, self::templateDir($dir, $database), $database);
	}

	/** MIRROR_IT_TEMPLATE_DIR is SQLite's template; PostgreSQL's and MariaDB's sit beside it. */
	private static function templateDir(string $sqliteTemplate, string $database): string {
		return $database === 'sqlite' ? $sqliteTemplate : dirname($sqliteTemplate) . '/template-' . $database;
	}

	/**
	 * A freshly installed instance (no web server running) that other instances are copied from: installing
	 * takes seconds (on PostgreSQL and MariaDB a minute under load), copying a fraction of that. Made once per
	 * folder (run.sh: once per suite run). On PostgreSQL and MariaDB the database server is shut down after the
	 * installation and each copy starts a server of its own on a copy of its data folder (`db-data` names it).
	 */
	private static function template(string $root, string $dir, string $database = 'sqlite'): string {
		$lock = fopen($dir . '.lock', 'c');
		flock($lock, LOCK_EX);
		try {
			if (!is_file($dir . '/ready')) {
				Proc::run(['rm', '-rf', '--one-file-system', $dir]);
				foreach (['', '/config', '/apps'] as $sub) {
					mkdir($dir . $sub, 0755, true);
				}
				$template = new self($root, self::appRoot(), $dir);
				if ($database === 'pgsql') {
					// in the system's temporary folder (the postgres user cannot reach the run's): run.sh removes it
					$template->postgres = new Postgres(sys_get_temp_dir() . '/mirror-it-pg-template-' . bin2hex(random_bytes(4)));
					file_put_contents($dir . '/db-data', $template->postgres->dataDir());
					$template->postgres->start();
				} elseif ($database === 'mysql') {
					$template->mariadb = new MariaDb($dir . '/mariadb');
					file_put_contents($dir . '/db-data', $template->mariadb->dataDir());
					$template->mariadb->start();
				}
				try {
					$template->install();
				} finally {
					$template->postgres?->shutdown();
					$template->mariadb?->shutdown();
				}
				touch($dir . '/ready');
			}
		} finally {
			flock($lock, LOCK_UN);
			fclose($lock);
		}
		return $dir;
	}

	/**
	 * This instance becomes a copy of the template instance (its paths rewritten to ours; on PostgreSQL and
	 * MariaDB its own server on a copy of the template's database, its port written into config.php).
	 */
	private function cloneFrom(string $template): void {
		symlink($this->appRoot, $this->appsDir . '/mirror');
		rmdir($this->base . '/config');
		$copy = Proc::run(['cp', '-a', $template . '/config', $template . '/data', $this->base . '/']);
		if (!$copy->ok()) {
			throw new \RuntimeException("Cannot copy the template instance:\n" . $copy->describe());
		}
		$config = $this->configDir . 'config.php';
		$text = str_replace($template . '/', $this->base . '/', (string)file_get_contents($config));
		$server = $this->postgres ?? $this->mariadb;
		if ($server !== null) {
			$server->startFrom(trim((string)file_get_contents($template . '/db-data')));
			$host = $this->systemConfig('dbhost');
			$text = str_replace(var_export($host, true), var_export('127.0.0.1:' . $server->port, true), $text, $replaced);
			if (!is_string($host) || $replaced !== 1) {
				throw new \RuntimeException("The template's config.php has no single dbhost to rewrite");
			}
		}
		file_put_contents($config, $text);
		@unlink($this->dataDir . '/nextcloud.log');
		// The only place the data directory's path is stored in the database: the root storage's id.
		$stmt = $this->db()->prepare('UPDATE oc_storages SET id = ? WHERE id = ?');
		$stmt->execute([self::storageId('local::' . $this->dataDir . '/'), self::storageId('local::' . $template . '/data/')]);
		if ($stmt->rowCount() !== 1) {
			throw new \RuntimeException('The template instance has no root storage local::' . $template . '/data/');
		}
	}

	/**
	 * A storage id as Nextcloud stores it: one longer than 64 characters is stored as its MD5
	 * (OC\Files\Cache\Storage::adjustStorageId; the column is a VARCHAR(64) on PostgreSQL and MariaDB).
	 */
	private static function storageId(string $id): string {
		return strlen($id) > 64 ? md5($id) : $id;
	}

	private function install(): void {
		symlink($this->appRoot, $this->appsDir . '/mirror');
		$config = [
			'apps_paths' => [
				['path' => $this->root . '/apps', 'url' => '/apps', 'writable' => false],
				['path' => $this->appsDir, 'url' => self::APPS_URL, 'writable' => true],
			],
			// The snapshot of the server tree lacks its largest files: no integrity check.
			'integrity.check.disabled' => true,
			// Users start empty, so every file in a test is one the test put there.
			'skeletondirectory' => '',
			'templatedirectory' => '',
			// No network here: jobs that phone home (update check, app store) would wait for timeouts.
			'has_internet_connection' => false,
			'updatechecker' => false,
			'appstoreenabled' => false,
			// Warnings and errors only: useful when a test fails, small otherwise.
			'loglevel' => 2,
		];
		if ($this->mariadb !== null) {
			// 4-byte UTF-8 (emoji in file names) needs utf8mb4 tables on MySQL/MariaDB.
			$config['mysql.utf8mb4'] = true;
		}
		if ($this->s3 !== null) {
			// Users' files go to the bucket; the data folder keeps only the log, app data and the like.
			$config['objectstore'] = $this->s3->objectStoreConfig();
		}
		if ($this->redis !== null) {
			$config += $this->redis->config();
		}
		file_put_contents($this->configDir . 'config.php', "<?php\n\$CONFIG = " . var_export($config, true) . ";\n");

		$this->mustOcc(array_merge(['maintenance:install'],
			$this->postgres?->installArgs() ?? $this->mariadb?->installArgs() ?? ['--database', 'sqlite'],
			['--admin-user', self::ADMIN, '--admin-pass', self::ADMIN_PASSWORD, '--data-dir', $this->dataDir]));
		// Its password lists (apps/password_policy/lists) are missing from the snapshot too.
		$this->mustOcc(['app:disable', 'password_policy']);
		$this->mustOcc(['config:system:set', 'trusted_domains', '1', '--value=127.0.0.1']);
		$this->mustOcc(['background:cron']);
	}

	// ---------------------------------------------------------------- occ, cron

	/** @return array<string,string> */
	public function env(array $extra = []): array {
		return array_merge([
			'NEXTCLOUD_CONFIG_DIR' => $this->configDir,
			'HOME' => $this->homeDir,
			'LC_ALL' => 'C.UTF-8',
		], $this->extraEnv, $extra);
	}

	/**
	 * apps/mirror becomes the given release archive, extracted (instead of the link to the checkout, or an
	 * earlier archive: the folder is replaced, as an admin replaces it to upgrade).
	 */
	public function installAppArchive(string $archive): void {
		$app = $this->appsDir . '/mirror';
		if (is_link($app)) {
			unlink($app);
		} elseif (file_exists($app)) {
			Proc::run(['rm', '-rf', '--one-file-system', $app]);
		}
		$extract = Proc::run(['tar', '-xzf', $archive, '-C', $this->appsDir]);
		if (!$extract->ok() || !is_file($app . '/appinfo/info.xml') || is_link($app)) {
			throw new \RuntimeException("Cannot extract $archive into {$this->appsDir} as mirror/:\n" . $extract->describe());
		}
	}

	/**
	 * occ, cron.php and the web server run with a PATH that lacks these commands (as on a server where they
	 * are not installed): a folder of links to every other command on PATH. The web server is restarted.
	 *
	 * @param list<string> $commands
	 */
	public function hideTools(array $commands): void {
		$bin = $this->base . '/bin';
		@mkdir($bin, 0755);
		foreach (explode(':', (string)getenv('PATH')) as $dir) {
			foreach (is_dir($dir) ? (scandir($dir) ?: []) : [] as $name) {
				$path = $dir . '/' . $name;
				if ($name[0] === '.' || in_array($name, $commands, true) || file_exists($bin . '/' . $name) || is_dir($path) || !is_executable($path)) {
					continue;
				}
				symlink($path, $bin . '/' . $name);
			}
		}
		$this->extraEnv['PATH'] = $bin;
		if ($this->server !== null) {
			$this->stopServer();
			$this->startServer();
		}
	}

	/** The PATH occ and the web server see. */
	public function path(): string {
		return $this->extraEnv['PATH'] ?? (string)getenv('PATH');
	}

	/**
	 * Runs `php occ ARGS...`.
	 *
	 * @param list<string> $args
	 * @param array<string,string> $env
	 */
	public function occ(array $args, array $env = [], ?string $stdin = null, float $timeout = 600.0): ProcResult {
		return Proc::run($this->occCommand($args), $this->env($env), $this->root, $stdin, $timeout);
	}

	/**
	 * Starts `php occ ARGS...` in the background.
	 *
	 * @param list<string> $args
	 */
	public function occStart(array $args, array $env = [], array $prefix = []): Proc {
		return Proc::start(array_merge($prefix, $this->occCommand($args)), $this->env($env), $this->root);
	}

	/** @param list<string> $args */
	public function occCommand(array $args): array {
		return array_merge([PHP_BINARY], $this->phpCliOptions(), [$this->root . '/occ'], $args);
	}

	/**
	 * occ and cron.php compile the whole server on every run (the CLI has no opcache). An opcache file cache
	 * shared by the run's instances saves a good part of that. Each instance's config.php is left out: Nextcloud
	 * rewrites it, and a rewrite within the same second would look unchanged to the cache.
	 *
	 * @return list<string>
	 */
	private function phpCliOptions(): array {
		if (getenv('MIRROR_IT_OPCACHE') === '0') {
			return [];
		}
		$cacheDir = (getenv('MIRROR_IT_TMPDIR') ?: $this->base) . '/opcache';
		$blacklist = $this->base . '/opcache-blacklist.txt';
		if (!is_file($blacklist)) {
			@mkdir($cacheDir, 0700, true);
			file_put_contents($blacklist, $this->configDir . "\n");
		}
		return ['-d', 'opcache.enable_cli=1', '-d', 'opcache.file_cache=' . $cacheDir, '-d', 'opcache.file_cache_only=1',
			'-d', 'opcache.blacklist_filename=' . $blacklist];
	}

	/** @param list<string> $args */
	public function mustOcc(array $args, array $env = []): ProcResult {
		$result = $this->occ($args, $env);
		if (!$result->ok()) {
			throw new \RuntimeException("occ failed:\n" . $result->describe());
		}
		return $result;
	}

	/**
	 * Runs `php cron.php` once.
	 *
	 * @param list<string> $jobClasses when given: made due first (their interval reset), and passed to cron.php,
	 *                                 which then runs only those jobs (keeps tests fast; the real cron runs all)
	 * @param list<string> $prefix a wrapper command (strace ...)
	 */
	public function runCron(array $jobClasses = [], array $prefix = []): ProcResult {
		return $this->cronStart($jobClasses, $prefix)->wait(900);
	}

	public function cronStart(array $jobClasses = [], array $prefix = []): Proc {
		if ($jobClasses !== []) {
			$this->makeJobsDue($jobClasses);
		}
		return Proc::start(array_merge($prefix, [PHP_BINARY], $this->phpCliOptions(), ['-f', $this->root . '/cron.php', '--'], $jobClasses),
			$this->env(), $this->root);
	}

	/**
	 * Resets last_run of background jobs so the next cron.php considers them due (the test's stand-in for
	 * "the interval has passed"). Touches only oc_jobs rows of the given classes.
	 *
	 * @param list<string> $classes
	 */
	public function makeJobsDue(array $classes): void {
		$pdo = $this->db();
		$stmt = $pdo->prepare('UPDATE oc_jobs SET last_run = 0, last_checked = 0, reserved_at = 0 WHERE class = ?');
		foreach ($classes as $class) {
			$stmt->execute([$class]);
		}
	}

	/** @return list<array<string,mixed>> rows of oc_jobs (read-only inspection) */
	public function jobs(?string $class = null): array {
		$pdo = $this->db();
		if ($class === null) {
			return $pdo->query('SELECT * FROM oc_jobs')->fetchAll(\PDO::FETCH_ASSOC);
		}
		$stmt = $pdo->prepare('SELECT * FROM oc_jobs WHERE class = ?');
		$stmt->execute([$class]);
		return $stmt->fetchAll(\PDO::FETCH_ASSOC);
	}

	/**
	 * Runs one statement on the instance's database (tests that move a recorded time back).
	 *
	 * @param list<int|string|null> $params
	 */
	public function execute(string $sql, array $params = []): int {
		$stmt = $this->db()->prepare($sql);
		$stmt->execute($params);
		return $stmt->rowCount();
	}

	/**
	 * @return list<array<string, mixed>> the rows a SELECT returns
	 */
	public function select(string $sql, array $params = []): array {
		$stmt = $this->db()->prepare($sql);
		$stmt->execute($params);
		return $stmt->fetchAll(\PDO::FETCH_ASSOC);
	}

	/** The instance's S3 server (null: its files are in the data folder). */
	public function s3(): ?S3Server {
		return $this->s3;
	}

	/** The instance's Redis (null: file locking in the database). */
	public function redis(): ?Redis {
		return $this->redis;
	}

	public function databaseType(): string {
		return (string)$this->systemConfig('dbtype');
	}

	private function db(): \PDO {
		$pdo = match (true) {
			$this->postgres !== null => new \PDO('pgsql:host=127.0.0.1;port=' . $this->postgres->port . ';dbname=' . $this->systemConfig('dbname'), 'postgres', ''),
			// The user Nextcloud's installer created (oc_admin…) with its password, as Nextcloud connects.
			$this->mariadb !== null => new \PDO('mysql:host=127.0.0.1;port=' . $this->mariadb->port . ';dbname=' . $this->systemConfig('dbname') . ';charset=utf8mb4',
				(string)$this->systemConfig('dbuser'), (string)$this->systemConfig('dbpassword'),
				// rowCount() counts the rows matched, not only those changed (as Nextcloud's connection does).
				[\PDO::MYSQL_ATTR_FOUND_ROWS => true]),
			default => new \PDO('sqlite:' . $this->dataDir . '/owncloud.db'),
		};
		$pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_EXCEPTION);
		$pdo->setAttribute(\PDO::ATTR_TIMEOUT, 30);
		return $pdo;
	}

	public function systemConfig(string $key): mixed {
		$CONFIG = [];
		include $this->configDir . 'config.php';
		return $CONFIG[$key] ?? null;
	}

	public function instanceId(): string {
		return (string)$this->systemConfig('instanceid');
	}

	// ---------------------------------------------------------------- users

	public function addUser(string $uid, ?string $password = null): string {
		$password ??= 'Pw-' . $uid . '-' . bin2hex(random_bytes(4));
		$this->seedAvatar($uid);
		$this->mustOcc(['user:add', '--password-from-env', $uid], ['OC_PASS' => $password]);
		$this->users[$uid] = $password;
		return $password;
	}

	/**
	 * The server tree lacks its TrueType fonts (core/fonts/*.ttf, files over 4 MiB missing from the snapshot),
	 * so generating a user's default avatar dies with a TypeError in OC\Avatar\Avatar::imageTTFCenter; the
	 * CardDAV sync that runs on user creation asks for one. An avatar that already exists is only resized
	 * (GD, no font): put a plain PNG where the avatar app data lives before the user is created (on object
	 * storage, in the bucket, through Nextcloud: bin/seed-avatar.php).
	 */
	private function seedAvatar(string $uid): void {
		$im = imagecreatetruecolor(64, 64);
		imagefilledrectangle($im, 0, 0, 63, 63, imagecolorallocate($im, 0, 130, 201));
		ob_start();
		imagepng($im);
		$png = (string)ob_get_clean();
		if ($this->s3 !== null) {
			// app data lives in the bucket: only Nextcloud can put the avatar there
			$r = Proc::run(array_merge([PHP_BINARY], $this->phpCliOptions(), [dirname(__DIR__) . '/bin/seed-avatar.php', $this->root, $uid]),
				$this->env(), $this->root, $png);
			if (!$r->ok()) {
				throw new \RuntimeException("Cannot seed the avatar of $uid:\n" . $r->describe());
			}
			return;
		}
		$dir = $this->dataDir . '/appdata_' . $this->instanceId() . '/avatar/' . $uid;
		if (!is_dir($dir)) {
			mkdir($dir, 0770, true);
		}
		file_put_contents($dir . '/avatar.png', $png);
	}

	public function deleteUser(string $uid): ProcResult {
		$result = $this->occ(['user:delete', $uid]);
		if ($result->ok()) {
			unset($this->users[$uid]);
		}
		return $result;
	}

	/** @return list<string> users created through this harness (and admin) */
	public function userIds(): array {
		return array_keys($this->users);
	}

	public function password(string $uid): string {
		return $this->users[$uid] ?? throw new \InvalidArgumentException("Unknown user $uid");
	}

	/** Folder of a user's files on the data dir (for changes made behind Nextcloud's back). */
	public function userFilesDir(string $uid): string {
		return $this->dataDir . '/' . $uid . '/files';
	}

	// ---------------------------------------------------------------- web server

	public function url(): string {
		return 'http://127.0.0.1:' . $this->port;
	}

	public function dav(): Dav {
		return new Dav($this);
	}

	public function serverLog(): string {
		return (string)@file_get_contents($this->base . '/server.log');
	}

	public function nextcloudLog(): string {
		return (string)@file_get_contents($this->dataDir . '/nextcloud.log');
	}

	/**
	 * php -S binds the port Ports::free() gave a moment before; should something else have taken it in between
	 * (a process outside the run), it exits at once saying so, and starts again on another port.
	 */
	private function startServer(): void {
		[$this->server, $this->serverPid, $this->port] = $this->launchServer([], $this->base . '/server.log');
	}

	/**
	 * Another web server on this instance (the same config, database and data folder), started through
	 * $prefix (another node's namespaces: MultiNodeTest); stopped with the instance at the latest.
	 *
	 * @param list<string> $prefix
	 */
	public function startWebServer(array $prefix, string $name): WebServer {
		$log = $this->base . '/server-' . $name . '.log';
		[$handle, $pid, $port] = $this->launchServer($prefix, $log);
		return $this->otherServers[] = new WebServer($handle, $pid, 'http://127.0.0.1:' . $port, $log);
	}

	/**
	 * php -S with 4 workers and router.php, in a process group of its own; returns once status.php says installed.
	 *
	 * @param list<string> $prefix
	 * @return array{0: resource, 1: int, 2: int} the process, its pid (the group's), its port
	 */
	private function launchServer(array $prefix, string $logFile): array {
		for ($attempt = 1; ($started = $this->tryLaunchServer($prefix, $logFile)) === null; $attempt++) {
			if ($attempt === 3) {
				throw new \RuntimeException("php -S found its port taken three times:\n" . @file_get_contents($logFile));
			}
		}
		return $started;
	}

	/**
	 * @param list<string> $prefix
	 * @return array{0: resource, 1: int, 2: int}|null null when php -S could not bind its port
	 */
	private function tryLaunchServer(array $prefix, string $logFile): ?array {
		$port = Ports::free();
		clearstatcache();
		$logStart = (int)@filesize($logFile);
		$log = fopen($logFile, 'a');
		$command = array_merge(['setsid'], $prefix, [PHP_BINARY,
			'-d', 'post_max_size=0', '-d', 'upload_max_filesize=0', '-d', 'max_execution_time=0',
			'-d', 'output_buffering=0', '-d', 'memory_limit=1G',
			'-S', '127.0.0.1:' . $port, '-t', $this->root, __DIR__ . '/router.php']);
		$env = Proc::environment($this->env([
			'PHP_CLI_SERVER_WORKERS' => '4',
			'MIRROR_IT_APPS_PATH' => $this->appsDir,
			'MIRROR_IT_APPS_URL' => self::APPS_URL,
		]));
		$server = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => $log, 2 => $log], $pipes, $this->root, $env);
		if ($server === false) {
			throw new \RuntimeException('Cannot start php -S');
		}
		$pid = (int)proc_get_status($server)['pid'];
		$url = 'http://127.0.0.1:' . $port;

		$deadline = microtime(true) + 30;
		while (microtime(true) < $deadline) {
			if (!proc_get_status($server)['running']) {
				proc_close($server);
				if (str_contains(substr((string)@file_get_contents($logFile), $logStart), 'Address already in use')) {
					return null;
				}
				throw new \RuntimeException("php -S exited:\n" . @file_get_contents($logFile));
			}
			$ch = curl_init($url . '/status.php');
			curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 5]);
			$body = curl_exec($ch);
			$code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
			curl_close($ch);
			if ($code === 200 && is_string($body) && str_contains($body, '"installed":true')) {
				return [$server, $pid, $port];
			}
			usleep(100_000);
		}
		WebServer::stopGroup($server, $pid);
		throw new \RuntimeException("The web server did not come up:\n" . @file_get_contents($logFile));
	}

	private function stopServer(): void {
		foreach ($this->otherServers as $other) {
			$other->stop();
		}
		$this->otherServers = [];
		if ($this->server === null) {
			return;
		}
		WebServer::stopGroup($this->server, (int)$this->serverPid);
		$this->server = null;
	}

	/** Keeps the web server running after this PHP process ends (make demo). */
	public function detachServer(): void {
		if ($this->server !== null) {
			// Dropping the handle without proc_close: the server (own session) outlives us.
			$this->server = null;
			self::$live = array_values(array_filter(self::$live, fn (self $i) => $i !== $this));
		}
	}

	public function serverPid(): ?int {
		return $this->serverPid;
	}

	// ---------------------------------------------------------------- desktop client

	/**
	 * Syncs LOCALDIR with the user's remote folder using the desktop client's sync engine.
	 *
	 * @param array<string,string> $env e.g. OWNCLOUD_CHUNK_SIZE to lower the chunking threshold
	 */
	public function nextcloudcmd(string $uid, string $localDir, string $remotePath, array $env = [], float $timeout = 600): ProcResult {
		return Proc::run(['nextcloudcmd', '--non-interactive', '-u', $uid, '-p', $this->password($uid),
			'--path', $remotePath, $localDir, $this->url()], $this->env($env), null, null, $timeout);
	}

	// ---------------------------------------------------------------- cleanup

	/** Stops the server, unmounts everything below the instance folder and deletes it. */
	public function destroy(): void {
		if ($this->destroyed) {
			return;
		}
		$this->destroyed = true;
		$this->stopServer();
		$this->postgres?->stop();
		$this->mariadb?->stop();
		$this->s3?->stop();
		$this->redis?->stop();
		$this->mounts->unmountAll();
		// Anything else still mounted below our folder (a test that mounted by hand)?
		foreach (Mounts::mountPointsBelow($this->base) as $mountPoint) {
			Mounts::forceUnmount($mountPoint);
		}
		if (Mounts::mountPointsBelow($this->base) !== []) {
			fwrite(STDERR, "mirror-it: left {$this->base} in place: something is still mounted below it\n");
			return;
		}
		if (getenv('MIRROR_IT_KEEP') === '1') {
			fwrite(STDERR, "mirror-it: kept {$this->base} (MIRROR_IT_KEEP=1)\n");
			return;
		}
		Proc::run(['rm', '-rf', '--one-file-system', $this->base]);
	}

	private static function installHandlers(): void {
		if (self::$handlersInstalled) {
			return;
		}
		self::$handlersInstalled = true;
		register_shutdown_function(static function (): void {
			foreach (self::$live as $instance) {
				$instance->destroy();
			}
		});
		if (function_exists('pcntl_async_signals')) {
			pcntl_async_signals(true);
			foreach ([SIGINT, SIGTERM, SIGHUP] as $signal) {
				pcntl_signal($signal, static function (int $sig): void {
					fwrite(STDERR, "mirror-it: signal $sig, cleaning up\n");
					exit(128 + $sig);
				});
			}
		}
	}
}
