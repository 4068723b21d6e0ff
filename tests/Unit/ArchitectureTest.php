<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit;

use PHPUnit\Framework\TestCase;

/**
 * One owner per resource, by construction: only lib/Drive touches the filesystem, only lib/Queue
 * touches the queue table, each status question the screens share has one answer, and
 * dependencies between lib/ folders run one way. A new caller elsewhere fails here, with its file.
 */
class ArchitectureTest extends TestCase {
	/** PHP functions that read or change a filesystem. */
	private const FILESYSTEM = [
		'chmod', 'chown', 'copy', 'disk_free_space', 'disk_total_space', 'fdatasync', 'file_exists', 'file_get_contents',
		'file_put_contents', 'fileinode', 'filemtime', 'filesize', 'fopen', 'fsync', 'glob', 'hash_file', 'is_dir', 'is_file',
		'is_link', 'is_readable', 'is_writable', 'link', 'lstat', 'mkdir', 'opendir', 'readlink', 'realpath', 'rename',
		'rmdir', 'scandir', 'stat', 'symlink', 'tempnam', 'touch', 'unlink',
	];

	/**
	 * Calls allowed outside lib/Drive, by file: reading a user's file from Nextcloud's own local
	 * storage (never a target's path) when the storage says it is local and unencrypted.
	 */
	private const SOURCE_READERS = [
		'Replication/Replicator.php' => ['is_file', 'is_link', 'fopen'],
	];

	/**
	 * Status questions asked of the queue, and the one file that asks each: "failing for longer than
	 * N hours" (health check, monitor, notifier) and how far a resync got.
	 */
	private const STATUS_QUERIES = [
		'failingsince' => 'Queue/FailingFiles.php',
		'failingusers' => 'Queue/FailingFiles.php',
		'failingof' => 'Queue/FailingFiles.php',
		'structuralcount' => 'Status/ResyncProgress.php',
	];

	/** An offline drive's phases, as OfflineDrivePhase names them. */
	private const PHASES = ['resting', 'catching-up', 'up-to-date'];

	/**
	 * Folders that may import each other, and why. AppInfo is the composition root: Application
	 * registers every folder's listeners, notifier, setup check and widget, and every folder reads its
	 * APP_ID.
	 */
	private const TWO_WAY_ALLOWED = [
		'AppInfo' => true,
	];

	/**
	 * @return \Generator<string, string> path relative to lib/ => source
	 */
	private static function sources(): \Generator {
		$lib = dirname(__DIR__, 2) . '/lib';
		$files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($lib, \FilesystemIterator::SKIP_DOTS));
		foreach ($files as $file) {
			if ($file->getExtension() === 'php') {
				yield substr($file->getPathname(), strlen($lib) + 1) => (string)file_get_contents($file->getPathname());
			}
		}
	}

	/**
	 * Global function calls in PHP source: name and line.
	 *
	 * @return list<array{0: string, 1: int}>
	 */
	private static function functionCalls(string $code): array {
		$tokens = array_values(array_filter(token_get_all($code), static fn ($t): bool => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)));
		$calls = [];
		foreach ($tokens as $i => $token) {
			if (!is_array($token) || !in_array($token[0], [T_STRING, T_NAME_FULLY_QUALIFIED], true) || ($tokens[$i + 1] ?? null) !== '(') {
				continue;
			}
			$before = $tokens[$i - 1] ?? null;
			if (is_array($before) && in_array($before[0], [T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW], true)) {
				continue;
			}
			$calls[] = [strtolower(ltrim($token[1], '\\')), $token[2]];
		}
		return $calls;
	}

	/**
	 * Method calls in PHP source (`->name(`): lower-case name and line.
	 *
	 * @return list<array{0: string, 1: int}>
	 */
	private static function methodCalls(string $code): array {
		$tokens = array_values(array_filter(token_get_all($code), static fn ($t): bool => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)));
		$calls = [];
		foreach ($tokens as $i => $token) {
			$before = $tokens[$i - 1] ?? null;
			if (is_array($token) && $token[0] === T_STRING && ($tokens[$i + 1] ?? null) === '('
				&& is_array($before) && in_array($before[0], [T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR], true)) {
				$calls[] = [strtolower($token[1]), $token[2]];
			}
		}
		return $calls;
	}

	/**
	 * Lines (1-based) that compare an offline drive's last complete copy with its visit, the test
	 * that decides between catching up and up to date.
	 *
	 * @return list<int>
	 */
	private static function phaseDecisions(string $code): array {
		$lines = [];
		foreach (explode("\n", $code) as $i => $line) {
			if (preg_match('/lastCompleteAt\W[^;]*[<>]=?[^;]*presentSince|presentSince\W[^;]*[<>]=?[^;]*lastCompleteAt/i', $line) === 1) {
				$lines[] = $i + 1;
			}
		}
		return $lines;
	}

	public function testOnlyTheDriveTouchesAFilesystem(): void {
		$found = [];
		foreach (self::sources() as $path => $code) {
			if (str_starts_with($path, 'Drive/')) {
				continue;
			}
			foreach (self::functionCalls($code) as [$name, $line]) {
				if (in_array($name, self::FILESYSTEM, true) && !in_array($name, self::SOURCE_READERS[$path] ?? [], true)) {
					$found[] = $path . ':' . $line . ' ' . $name . '()';
				}
			}
		}
		$this->assertSame([], $found, 'filesystem calls outside lib/Drive');
	}

	public function testOnlyTheQueueUsesTheQueueTable(): void {
		$found = [];
		foreach (self::sources() as $path => $code) {
			if (str_starts_with($path, 'Queue/') || str_starts_with($path, 'Migration/')) {
				continue;
			}
			if (preg_match('/\bQueueItemMapper\b|mirror_queue/', $code) === 1) {
				$found[] = $path;
			}
		}
		$this->assertSame([], $found, 'the queue table used outside lib/Queue');
	}

	/**
	 * Inside lib/Queue, QueueReader reads the table itself (it does not forward to the mapper), and
	 * only WorkQueue and Claims change it through QueueItemMapper. Read models (status, health,
	 * notifications, the Files integration) only read: they never name WorkQueue or Claims.
	 */
	public function testTheQueueOwnsItsTable(): void {
		$found = [];
		foreach (self::sources() as $path => $source) {
			// what the code names, not its comments
			$code = implode('', array_map(static fn ($t): string => is_array($t) ? (in_array($t[0], [T_COMMENT, T_DOC_COMMENT], true) ? '' : $t[1]) : $t, token_get_all($source)));
			if (str_starts_with($path, 'Queue/') && preg_match('/\bQueueItemMapper\b/', $code) === 1
				&& !in_array($path, ['Queue/QueueItemMapper.php', 'Queue/WorkQueue.php', 'Queue/Claims.php'], true)) {
				$found[] = $path . ' uses QueueItemMapper';
			}
			if (preg_match('#^(Status|Health|Notification|Dav|Dashboard|Settings|SetupCheck)/#', $path) === 1
				&& preg_match('/\bQueue\\\\(WorkQueue|Claims)\b/', $code) === 1) {
				$found[] = $path . ' writes to the queue';
			}
		}
		$this->assertSame([], $found, 'the queue written or read around its owners');
	}

	/**
	 * Status has one owner: the questions several screens ask (which files have been failing for
	 * longer than the health settings allow, how far a resync got) are asked of the queue in one place
	 * each, so health, monitor, notifier and the admin page cannot answer them differently.
	 */
	public function testEachStatusQuestionIsAskedOfTheQueueInOnePlace(): void {
		$found = [];
		foreach (self::sources() as $path => $code) {
			if ($path === 'Queue/QueueReader.php') {
				continue;
			}
			foreach (self::methodCalls($code) as [$name, $line]) {
				if (isset(self::STATUS_QUERIES[$name]) && self::STATUS_QUERIES[$name] !== $path) {
					$found[] = $path . ':' . $line . ' ->' . $name . '()';
				}
			}
		}
		$this->assertSame([], $found, 'status questions asked of the queue outside their one place');
	}

	/**
	 * An offline drive's phase (resting, catching up, up to date) is decided by
	 * lib/Status/OfflineDrivePhase alone and sent in the targets API: nothing else, PHP or the admin
	 * page's TypeScript, compares the last complete copy with the drive's visit or names a phase.
	 */
	public function testOnlyOfflineDrivePhaseDecidesAnOfflineDrivesPhase(): void {
		$found = [];
		foreach (self::sources() as $path => $code) {
			if ($path === 'Status/OfflineDrivePhase.php') {
				continue;
			}
			foreach (self::phaseDecisions($code) as $line) {
				$found[] = $path . ':' . $line;
			}
			foreach (token_get_all($code) as $token) {
				if (is_array($token) && $token[0] === T_CONSTANT_ENCAPSED_STRING && in_array(trim($token[1], '\'"'), self::PHASES, true)) {
					$found[] = $path . ':' . $token[2] . ' ' . $token[1];
				}
			}
		}
		$src = dirname(__DIR__, 2) . '/src';
		$files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($src, \FilesystemIterator::SKIP_DOTS));
		foreach ($files as $file) {
			$name = $file->getFilename();
			if (preg_match('/\.(ts|vue)$/', $name) === 1 && !str_contains($name, '.spec.')) {
				foreach (self::phaseDecisions((string)file_get_contents($file->getPathname())) as $line) {
					$found[] = 'src/' . substr($file->getPathname(), strlen($src) + 1) . ':' . $line;
				}
			}
		}
		$this->assertSame([], $found, 'an offline drive\'s phase decided outside lib/Status/OfflineDrivePhase');
	}

	/**
	 * No two lib/ folders import each other (a `use OCA\Mirror\X\…` line or a qualified name), so
	 * dependencies run one way: entry points → Replication → Queue, Drive, Source → Db.
	 */
	public function testNoTwoFoldersImportEachOther(): void {
		$pairs = array_values(array_filter(FolderImports::twoWay(), static function (string $pair): bool {
			[$a, $b] = explode(' <-> ', $pair);
			return !isset(self::TWO_WAY_ALLOWED[$a]) && !isset(self::TWO_WAY_ALLOWED[$b]) && !isset(self::TWO_WAY_ALLOWED[$pair]);
		}));
		$this->assertSame([], $pairs, 'folders that import each other (php tools/imports.php --files names the files)');
	}

	/** Nor through others: A imports B, B imports C, C imports A. */
	public function testNoFoldersReachEachOtherThroughOthers(): void {
		$groups = array_values(array_filter(FolderImports::cycles(['AppInfo']), static fn (array $group): bool => !isset(self::TWO_WAY_ALLOWED[implode(' <-> ', $group)])));
		$this->assertSame([], $groups, 'folders that reach each other through imports (php tools/imports.php)');
	}

	/** README's "How it works" table names every lib/ folder, and no folder that is gone. */
	public function testTheReadmeTableMatchesTheTree(): void {
		$readme = (string)file_get_contents(dirname(__DIR__, 2) . '/README.md');
		$section = substr($readme, (int)strpos($readme, '## How it works'));
		$section = substr($section, 0, strpos($section, "\n## ", 3) ?: strlen($section));
		preg_match_all('/^\|([^|]*)\|/m', $section, $rows);
		preg_match_all('#`lib/(\w+)/`#', implode(' ', $rows[1]), $named);
		$folders = array_map('basename', glob(dirname(__DIR__, 2) . '/lib/*', GLOB_ONLYDIR) ?: []);
		$named = array_unique($named[1]);
		sort($named);
		sort($folders);
		$this->assertSame($folders, $named);
	}

	public function testTheImportCheckSeesACycle(): void {
		$this->assertSame(['Queue <-> Replication'], FolderImports::twoWay([
			'Queue' => ['Db' => ['Queue/A.php'], 'Replication' => ['Queue/B.php']],
			'Replication' => ['Queue' => ['Replication/C.php']],
			'Db' => [],
		]));
		$this->assertSame([['Queue', 'Replication', 'Target']], FolderImports::cycles([], [
			'Queue' => ['Replication' => ['Queue/A.php']],
			'Replication' => ['Target' => ['Replication/B.php'], 'Db' => ['Replication/C.php']],
			'Target' => ['Queue' => ['Target/D.php']],
			'Db' => [],
		]));
		$this->assertSame('Replication', FolderImports::folderOf('Replication/Handler/FileHandler.php'));
		$this->assertSame('ResponseDefinitions', FolderImports::folderOf('ResponseDefinitions.php'));
	}

	public function testThePhaseCheckSeesAComparison(): void {
		$this->assertSame([2, 3], self::phaseDecisions("<?php\n\$caughtUp = \$row['lastCompleteAt'] >= \$row['presentSince'];\nreturn \$this->presentSince !== null && \$this->lastCompleteAt >= \$this->presentSince;\n\$x = \$t->getLastCompleteAt();\n"));
		$this->assertSame([1], self::phaseDecisions("return target.lastCompleteAt !== null && target.lastCompleteAt >= target.presentSince ? 'up-to-date' : 'catching-up'"));
	}

	public function testTheCheckSeesACallItMustRefuse(): void {
		$calls = self::functionCalls("<?php\n\$x->rename('a');\nFoo::unlink('b');\n\\rename('a', 'b');\nif (is_dir(\$p)) {}\n");
		$this->assertSame([['rename', 4], ['is_dir', 5]], $calls);
	}
}
