<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * Builds a throwaway Nextcloud whose admin and user read German (occ user:setting … core lang de), with a
 * target on a tmpfs too small for one of the user's files, runs german.browser.mjs against it and tears
 * everything down. Run it through run.sh.
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

require __DIR__ . '/../autoload.php';

if (Instance::serverRoot() === null || !is_executable('/usr/bin/chromium')) {
	echo "German browser check SKIPPED: needs NEXTCLOUD_ROOT and /usr/bin/chromium\n";
	exit(0);
}

$instance = Instance::create('german');
$status = 1;
try {
	$instance->mustOcc(['app:enable', 'mirror']);
	$password = $instance->addUser('hans');
	$instance->mustOcc(['user:setting', 'hans', 'core', 'lang', 'de']);
	$instance->mustOcc(['user:setting', Instance::ADMIN, 'core', 'lang', 'de']);
	$drive = $instance->targetsDir . '/usb';
	$instance->mounts->tmpfs($drive, '1m');
	$instance->mustOcc(['mirror:target:add', $drive, '--name=Sicherung']);
	$dav = $instance->dav();
	$dav->mkdirs('hans', 'Fotos');
	$dav->put('hans', 'Fotos/strand.jpg', str_repeat('b', 3000));
	$dav->put('hans', 'Fotos/gross.jpg', random_bytes(2 * 1024 * 1024));
	$instance->occ(['mirror:process']);

	$env = Proc::environment($instance->env([
		'MIRROR_URL' => $instance->url(),
		'MIRROR_APPS_URL' => Instance::APPS_URL,
		'MIRROR_ADMIN' => Instance::ADMIN,
		'MIRROR_ADMIN_PASSWORD' => Instance::ADMIN_PASSWORD,
		'MIRROR_USER' => 'hans',
		'MIRROR_USER_PASSWORD' => $password,
		'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD' => '1',
	]));
	$node = proc_open(['node', __DIR__ . '/german.browser.mjs'], [0 => ['file', '/dev/null', 'r'], 1 => STDOUT, 2 => STDERR], $pipes, __DIR__, $env);
	if ($node === false) {
		throw new RuntimeException('Cannot start node');
	}
	$status = proc_close($node);
	if ($status !== 0) {
		fwrite(STDERR, "--- nextcloud.log (last lines)\n" . implode("\n", array_slice(explode("\n", trim($instance->nextcloudLog())), -10)) . "\n");
	}
} finally {
	$instance->destroy();
}
exit($status);
