<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;
use OCA\Mirror\Tests\Integration\Harness\ReleaseArchives;

/**
 * The release archive (make release), not the checkout, installed as an admin installs it (issue #19): extracted
 * into the instance's extra apps folder (custom_apps), with node, npm and composer absent from PATH, then enabled.
 * The core story works from it; its contents are what the App Store takes; make sign signs every file of it.
 */
final class ReleaseArchiveTest extends IntegrationTestCase {
	/** Commands a household's server does not have: the archive must need none of them. */
	private const BUILD_TOOLS = ['node', 'nodejs', 'npm', 'npx', 'corepack', 'composer'];

	private static string $archive;

	protected static function enableAppOnSetUp(): bool {
		return false;
	}

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$archive = ReleaseArchives::current();
		self::nc()->installAppArchive(self::$archive);
		self::nc()->hideTools(self::BUILD_TOOLS);
		self::nc()->mustOcc(['app:enable', 'mirror']);
	}

	public function testTheArchiveHoldsWhatAServerRunsAndNothingOfTheDevelopersTools(): void {
		$files = ReleaseArchives::files(self::$archive);
		$version = ReleaseArchives::version(Instance::appRoot());
		$this->assertSame("mirror-$version.tar.gz", basename(self::$archive));
		foreach ($files as $file) {
			$this->assertStringStartsWith('mirror/', $file, 'one top folder, mirror/');
			$this->assertDoesNotMatchRegularExpression('#^mirror/(src|tests|node_modules|build|bench|tools|vendor)/|\.map$#', $file);
		}
		foreach (['appinfo/info.xml', 'lib/AppInfo/Application.php', 'templates/admin-settings.php', 'img/app.svg',
			'js/mirror-init.js', 'js/mirror-admin-settings.js', 'js/mirror-sidebar-tab.js', 'l10n/de.json',
			'composer/autoload.php', 'openapi.json', 'README.md', 'CHANGELOG.md', 'LICENSES/AGPL-3.0-or-later.txt',
			'REUSE.toml'] as $needed) {
			$this->assertContains("mirror/$needed", $files);
		}
		// Composer's runtime autoloader knows the app's classes, and no dev package.
		$classmap = (string)file_get_contents(self::nc()->appsDir . '/mirror/composer/composer/autoload_classmap.php');
		$this->assertStringContainsString("'OCA\\\\Mirror\\\\AppInfo\\\\Application'", $classmap);
		$this->assertStringNotContainsString('PHPUnit', $classmap);
		$this->assertStringNotContainsString('Psalm', $classmap);
		// Every PHP file of the archive carries its SPDX header (REUSE.toml covers the rest).
		foreach ($files as $file) {
			if (str_ends_with($file, '.php') && !str_starts_with($file, 'mirror/composer/')) {
				$head = (string)file_get_contents(self::nc()->appsDir . '/' . $file, false, null, 0, 400);
				$this->assertStringContainsString('SPDX-License-Identifier: AGPL-3.0-or-later', $head, $file);
			}
		}
	}

	public function testInstalledFromTheArchiveWithoutBuildToolsAnUploadIsMirrored(): void {
		$path = self::nc()->path();
		foreach (self::BUILD_TOOLS as $tool) {
			$this->assertFalse(Proc::run(['sh', '-c', 'command -v "$1"', 'sh', $tool], ['PATH' => $path])->ok(), "$tool is hidden");
		}
		$this->assertTrue(Proc::run(['sh', '-c', 'command -v php'], ['PATH' => $path])->ok(), 'php is there');
		$app = self::nc()->appsDir . '/mirror';
		$this->assertFalse(is_link($app), 'apps/mirror is the extracted archive, not the checkout');
		$this->assertFileDoesNotExist($app . '/src');
		$listed = $this->occOk(['app:list', '--output=json'])->json();
		$this->assertSame(ReleaseArchives::version(Instance::appRoot()), $listed['enabled']['mirror'] ?? null, 'enabled, this version');
		$where = $this->occOk(['app:getpath', 'mirror']);
		$this->assertSame($app, trim($where->stdout), 'Nextcloud runs the app from the extracted archive');

		$anna = $this->user('anna');
		$target = $this->newTarget('usb');
		$this->dav()->mkdirs($anna, 'Photos');
		$this->dav()->put($anna, 'Photos/beach.jpg', random_bytes(40_000), 1_700_000_000);
		$this->dav()->put($anna, 'notes.txt', 'from the archive');
		$this->cron();

		$this->assertUserMirrored($target, $anna);
		$this->assertSame('from the archive', file_get_contents($this->mirrorPath($target, $anna, 'notes.txt')));
		$status = $this->mirrorStatus();
		$row = $this->userStatus($anna, (int)$target['id']);
		$this->assertNotNull($row, 'occ mirror:status lists anna');
		$this->assertSame(2, $row['replicated'] ?? null, json_encode($status));
		$this->assertSame(0, $row['pending'] ?? null);
		$plain = $this->occOk(['mirror:status']);
		$this->assertStringContainsString('usb', $plain->stdout);
	}

	public function testTheArchiveServesItsPagesScripts(): void {
		// The admin page's HTML names the archive's script, and the web server serves it from custom_apps.
		$ch = curl_init(self::nc()->url() . Instance::APPS_URL . '/mirror/js/mirror-admin-settings.js');
		curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 30]);
		$body = (string)curl_exec($ch);
		$code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
		curl_close($ch);
		$this->assertSame(200, $code);
		$this->assertSame(file_get_contents(self::nc()->appsDir . '/mirror/js/mirror-admin-settings.js'), $body);
	}

	public function testTheBrowserTestPassesAgainstTheInstalledArchive(): void {
		if (!is_executable('/usr/bin/chromium')) {
			$this->markTestSkipped('no /usr/bin/chromium: the browser test cannot run');
		}
		$run = Proc::run([Instance::appRoot() . '/tests/Browser/run.sh'], [
			'MIRROR_APP_ARCHIVE' => self::$archive,
			'NEXTCLOUD_ROOT' => (string)Instance::serverRoot(),
		], Instance::appRoot(), null, 900);
		$this->assertTrue($run->ok(), "tests/Browser/run.sh with MIRROR_APP_ARCHIVE:\n" . $run->describe());
		$this->assertStringContainsString('the app from ' . self::$archive, $run->stdout);
	}

	public function testMakeSignListsEveryFileOfTheArchiveWithItsSha512(): void {
		$work = self::nc()->targetsDir . '/sign-' . bin2hex(random_bytes(3));
		mkdir($work, 0700, true);
		Proc::run(['tar', '-xzf', self::$archive, '-C', $work]);
		// A throwaway key and a self-signed certificate: Nextcloud's own check wants Nextcloud's root, not faked here.
		$key = openssl_pkey_new(['private_key_bits' => 2048, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
		$csr = openssl_csr_new(['commonName' => 'mirror'], $key, ['digest_alg' => 'sha256']);
		$cert = openssl_csr_sign($csr, null, $key, 1, ['digest_alg' => 'sha256']);
		openssl_pkey_export_to_file($key, "$work/mirror.key");
		openssl_x509_export_to_file($cert, "$work/mirror.crt");

		$signed = Proc::run([Instance::appRoot() . '/tools/sign.sh', $work], self::nc()->env([
			'MIRROR_SIGN_KEY' => "$work/mirror.key",
			'MIRROR_SIGN_CERT' => "$work/mirror.crt",
			'NEXTCLOUD_OCC' => PHP_BINARY . ' ' . Instance::serverRoot() . '/occ',
		]), Instance::appRoot(), null, 300);
		$this->assertTrue($signed->ok(), $signed->describe());

		$version = ReleaseArchives::version(Instance::appRoot());
		$repacked = "$work/mirror-$version.tar.gz";
		$files = ReleaseArchives::files($repacked);
		$this->assertContains('mirror/appinfo/signature.json', $files, 'the signed archive carries signature.json');
		$signature = json_decode((string)file_get_contents("$work/mirror/appinfo/signature.json"), true);
		$this->assertIsArray($signature['hashes'] ?? null);
		$this->assertNotSame('', $signature['signature'] ?? '');
		$this->assertSame(
			preg_replace('/\s+/', '', (string)file_get_contents("$work/mirror.crt")),
			preg_replace('/\s+/', '', (string)$signature['certificate']),
		);

		$expected = [];
		Proc::run(['rm', '-rf', "$work/check"]);
		mkdir("$work/check");
		Proc::run(['tar', '-xzf', $repacked, '-C', "$work/check"]);
		foreach ($files as $file) {
			$relative = substr($file, strlen('mirror/'));
			if ($relative !== 'appinfo/signature.json') {
				$expected[$relative] = hash_file('sha512', "$work/check/$file");
			}
		}
		ksort($expected);
		$hashes = $signature['hashes'];
		ksort($hashes);
		$this->assertSame(array_keys($expected), array_keys($hashes), 'signature.json lists every file of the archive, and no other');
		$this->assertSame($expected, $hashes, 'and each sha512 is the file\'s');
		Proc::run(['rm', '-rf', '--one-file-system', $work]);
	}
}
