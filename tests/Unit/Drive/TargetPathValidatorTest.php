<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\TargetPathValidator;
use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Status\TargetProblemMessages;
use OCA\Mirror\Status\TargetStateMessages;
use OCP\IConfig;
use OCP\IL10N;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * Mirror writes to a target as the web server user: never a system folder, never Nextcloud's own.
 */
class TargetPathValidatorTest extends TestCase {
	private string $base;
	private string $dataDir;
	private string|false $configEnv;
	private TargetPathValidator $validator;
	private IConfig $config;
	private TargetProblemMessages $problems;

	protected function setUp(): void {
		$this->base = (string)realpath(sys_get_temp_dir()) . '/mirror-validator-' . bin2hex(random_bytes(4));
		$this->dataDir = $this->base . '/data';
		mkdir($this->dataDir . '/alice/files', 0755, true);
		$this->configEnv = getenv('NEXTCLOUD_CONFIG_DIR');
		$config = $this->createMock(IConfig::class);
		$config->method('getSystemValueString')->willReturnCallback(fn (string $key, string $default = ''): string => $key === 'datadirectory' ? $this->dataDir : $default);
		$this->config = $config;
		$this->validator = new TargetPathValidator($config);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		$this->problems = new TargetProblemMessages($l, new TargetStateMessages($l));
	}

	protected function tearDown(): void {
		putenv($this->configEnv === false ? 'NEXTCLOUD_CONFIG_DIR' : 'NEXTCLOUD_CONFIG_DIR=' . $this->configEnv);
		exec('rm -rf ' . escapeshellarg($this->base));
	}

	private function assertRefused(string $path, string $messagePart = ''): InvalidTargetException {
		try {
			$this->validator->validate($path);
		} catch (InvalidTargetException $e) {
			$this->assertStringContainsString($messagePart, $e->getMessage());
			// the refusal carries a code, and its catalogue says the same words to an English reader
			$this->assertNotSame(InvalidTargetException::INVALID, $e->reason);
			$this->assertSame($e->getMessage(), $this->problems->message($e));
			return $e;
		}
		$this->fail($path . ' must be refused');
	}

	/**
	 * @return array<string, array{0: string}>
	 */
	public static function systemFolders(): array {
		return [
			'the root' => ['/'],
			'/etc' => ['/etc'],
			'/etc with a slash' => ['/etc/'],
			'inside /etc' => ['/etc/nextcloud'],
			'/dev' => ['/dev'],
			'/proc' => ['/proc'],
			'/sys' => ['/sys/kernel'],
			'/usr/lib' => ['/usr/lib'],
			'/var' => ['/var'],
			'/var/www' => ['/var/www'],
			'/tmp itself' => ['/tmp'],
			'/tmp by another name' => ['/tmp/./'],
			'/mnt itself' => ['/mnt'],
			'/home' => ['/home'],
			'inside /run' => ['/run/foo'],
			'/run itself' => ['/run'],
			'a way back up to /etc' => ['/mnt/../etc'],
		];
	}

	#[DataProvider('systemFolders')]
	public function testSystemFoldersAreRefused(string $path): void {
		$this->assertRefused($path, 'system');
	}

	public function testProcIsRefusedAsASystemFolderNotForWhatStatSays(): void {
		$e = $this->assertRefused('/proc');
		$this->assertStringContainsString('system folder', $e->getMessage());
		$this->assertStringNotContainsString('does not exist', $e->getMessage());
		$this->assertStringNotContainsString('cannot be resolved', $e->getMessage());
		$this->assertStringNotContainsString('cannot write', $e->getMessage());
		$this->assertStringNotContainsString('not a folder', $e->getMessage());
	}

	public function testALinkToASystemFolderIsRefused(): void {
		symlink('/etc', $this->base . '/backup');
		$this->assertRefused($this->base . '/backup', 'system folder');
	}

	public function testARelativePathIsRefused(): void {
		$this->assertRefused('mnt/backup', 'absolute');
		$this->assertRefused('./backup', 'absolute');
		$this->assertRefused('', 'empty');
	}

	public function testAMissingFolderOrAFileIsRefused(): void {
		$this->assertRefused($this->base . '/missing', 'does not exist');
		file_put_contents($this->base . '/file', 'x');
		$this->assertRefused($this->base . '/file', 'not a folder');
	}

	public function testTheDataFolderItsParentAndWhatIsInsideAreRefused(): void {
		$this->assertRefused($this->dataDir, 'data folder');
		$this->assertRefused($this->dataDir . '/', 'data folder');
		$this->assertRefused($this->base, 'data folder');
		$this->assertRefused($this->dataDir . '/alice/files', 'data folder');
		symlink($this->dataDir . '/alice', $this->base . '/alias');
		$this->assertRefused($this->base . '/alias', 'data folder');
	}

	public function testTheInstallationFolderIsRefused(): void {
		$install = (string)realpath(dirname((string)(new \ReflectionClass(IConfig::class))->getFileName(), 3));
		$this->assertFileExists($install . '/lib/public/IConfig.php');
		$this->assertRefused($install, 'installation folder');
		$this->assertRefused($install . '/apps', 'installation folder');
		$this->assertRefused(dirname($install), 'installation folder');
	}

	public function testTheConfigurationFolderIsRefused(): void {
		mkdir($this->base . '/config/sub', 0755, true);
		putenv('NEXTCLOUD_CONFIG_DIR=' . $this->base . '/config');
		$this->assertRefused($this->base . '/config', 'configuration folder');
		$this->assertRefused($this->base . '/config/sub', 'configuration folder');
	}

	public function testAFreshFolderIsAcceptedAsItsRealPath(): void {
		mkdir($this->base . '/backup');
		// given as the temporary folder is named, which may be a link
		$given = rtrim(sys_get_temp_dir(), '/') . '/' . basename($this->base) . '/backup';
		$this->assertSame($this->base . '/backup', $this->validator->validate($given));
		$this->assertSame($this->base . '/backup', $this->validator->validate(' ' . $this->base . '/./backup/ '));
	}

	public function testOverlapWithAnotherTargetIsRefused(): void {
		mkdir($this->base . '/usb/inner', 0755, true);
		mkdir($this->base . '/nas');
		$other = new Target();
		$other->setId(5);
		$other->setName('USB');
		$other->setPath($this->base . '/usb');
		foreach ([$this->base . '/usb', $this->base . '/usb/inner'] as $path) {
			try {
				$this->validator->validate($path, [$other]);
				$this->fail($path . ' overlaps the target USB');
			} catch (InvalidTargetException $e) {
				$this->assertStringContainsString('overlaps the existing target "USB"', $e->getMessage());
			}
		}
		$this->assertSame($this->base . '/nas', $this->validator->validate($this->base . '/nas', [$other]));
		// the target itself, being edited
		$this->assertSame($this->base . '/usb', $this->validator->validate($this->base . '/usb', [$other], 5));
	}

	public function testATargetAroundAnotherIsRefused(): void {
		mkdir($this->base . '/drives/usb', 0755, true);
		$other = new Target();
		$other->setId(5);
		$other->setName('USB');
		$other->setPath($this->base . '/drives/usb');
		$this->expectException(InvalidTargetException::class);
		$this->expectExceptionMessage('overlaps');
		$this->validator->validate($this->base . '/drives', [$other]);
	}

	private function existing(int $id, string $name, string $path, bool $offlineDrive): Target {
		$target = new Target();
		$target->setId($id);
		$target->setName($name);
		$target->setPath($path);
		$target->setOfflineDrive($offlineDrive);
		return $target;
	}

	public function testAFolderWhereFstabExpectsADriveButNothingIsMountedIsRefused(): void {
		mkdir($this->base . '/backup drive', 0755, true);
		mkdir($this->base . '/elsewhere', 0755, true);
		file_put_contents($this->base . '/fstab', "# <file system> <mount point> <type>\n"
			. "UUID=1234 / ext4 defaults 0 1\n"
			. 'LABEL=backup ' . str_replace(' ', '\\040', $this->base . '/backup drive') . " ext4 nofail 0 2\n");
		$validator = new TargetPathValidator($this->config, $this->mounts(), $this->base . '/fstab');
		try {
			$validator->validate($this->base . '/backup drive');
			$this->fail('fstab mounts a drive there, and none is mounted: the folder is on the server\'s own disk');
		} catch (InvalidTargetException $e) {
			$this->assertSame('Nothing is mounted at ' . $this->base . '/backup drive: it is a folder on the server\'s own disk. Mount the backup drive there first, then add it.', $e->getMessage());
		}
		mkdir($this->base . '/backup drive/mirror', 0755, true);
		try {
			$validator->validate($this->base . '/backup drive/mirror');
			$this->fail('a folder below the bare mount point is on the server\'s own disk too');
		} catch (InvalidTargetException $e) {
			$this->assertStringStartsWith('Nothing is mounted at ' . $this->base . '/backup drive/mirror:', $e->getMessage());
		}
		$this->assertSame($this->base . '/elsewhere', $validator->validate($this->base . '/elsewhere'), 'a folder fstab does not name');
		$mounted = new TargetPathValidator($this->config, $this->mounts($this->base . '/backup drive'), $this->base . '/fstab');
		$this->assertSame($this->base . '/backup drive/mirror', $mounted->validate($this->base . '/backup drive/mirror'), 'the drive is mounted (a bind mount as well)');
	}

	public function testAnOfflineDriveOnTheServersOwnDiskIsRefused(): void {
		mkdir($this->base . '/rotation', 0755, true);
		$bare = new TargetPathValidator($this->config, $this->mounts());
		try {
			$bare->validate($this->base . '/rotation', [], null, true);
			$this->fail('a bare mount point is no offline drive');
		} catch (InvalidTargetException $e) {
			$this->assertStringContainsString('Nothing is mounted at ' . $this->base . '/rotation: it is on the server\'s own disk (as /)', $e->getMessage());
			$this->assertStringContainsString('Plug the offline drive in and mount it there', $e->getMessage());
		}
		$this->assertSame($this->base . '/rotation', $bare->validate($this->base . '/rotation'), 'an ordinary target may be any folder');
		try {
			(new TargetPathValidator($this->config, $this->mounts($this->base)))->validate($this->base . '/rotation', [], null, true);
			$this->fail('on the disk of the data folder');
		} catch (InvalidTargetException $e) {
			$this->assertStringContainsString('(as ' . $this->dataDir . ')', $e->getMessage());
		}
		$plugged = new TargetPathValidator($this->config, $this->mounts($this->base, $this->base . '/rotation'));
		$this->assertSame($this->base . '/rotation', $plugged->validate($this->base . '/rotation', [], null, true), 'a drive is mounted there');
	}

	/**
	 * A mount table with "/" and these mount points.
	 */
	private function mounts(string ...$mountPoints): string {
		$table = "/dev/vda / ext4 rw 0 0\n";
		foreach ($mountPoints as $mountPoint) {
			$table .= 'tmpfs ' . str_replace(' ', '\\040', $mountPoint) . " tmpfs rw 0 0\n";
		}
		$file = $this->base . '/mounts-' . count($mountPoints) . '-' . md5($table);
		file_put_contents($file, $table);
		return $file;
	}

	public function testOfflineDrivesMayShareAMountPointAndNothingElseMay(): void {
		$this->validator = new TargetPathValidator($this->config, $this->mounts($this->base . '/rotation')); // the drive is plugged in
		mkdir($this->base . '/rotation/inner', 0755, true);
		$mount = $this->base . '/rotation';
		$home = $this->existing(5, 'Home', $mount, true);
		$this->assertSame($mount, $this->validator->validate($mount, [$home], null, true), 'the second drive of the rotation');

		try {
			$this->validator->validate($mount, [$home]);
			$this->fail('an ordinary target must have its mount point to itself');
		} catch (InvalidTargetException $e) {
			$this->assertStringContainsString('overlaps the existing target "Home"', $e->getMessage());
			$this->assertStringContainsString('Only offline drives (plugged in now and then) may share a mount point.', $e->getMessage());
		}
		try {
			$this->validator->validate($mount . '/inner', [$home], null, true);
			$this->fail('an offline drive inside another one shares no mount point');
		} catch (InvalidTargetException $e) {
			$this->assertStringContainsString('overlaps the offline drive "Home"', $e->getMessage());
		}
		$ordinary = $this->existing(6, 'USB', $mount, false);
		$this->expectExceptionMessage('overlaps the existing target "USB"');
		$this->validator->validate($mount, [$home, $ordinary], null, true);
	}
}
