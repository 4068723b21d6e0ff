<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * Builds a throwaway Nextcloud (the integration suite's harness) with one user's Photos in three
 * states (copied, waiting, failed: too big for a 1 MB tmpfs drive) and Notes that show what the mirror
 * trash keeps (plan.txt overwritten after it was copied: its earlier version; old.txt deleted after
 * it was copied), runs files-badge.browser.mjs against it and tears everything down.
 *
 *   NEXTCLOUD_ROOT=/path/to/nextcloud php tests/Browser/run-files-badge.php   (as root; npm run build first)
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

require __DIR__ . '/../autoload.php';

if (Instance::serverRoot() === null || !is_executable('/usr/bin/chromium')) {
	echo "files badge browser check SKIPPED: needs NEXTCLOUD_ROOT and /usr/bin/chromium\n";
	exit(0);
}

$instance = Instance::create('files-badge');
$status = 1;
try {
	$instance->mustOcc(['app:enable', 'mirror']);
	$password = $instance->addUser('alice');
	$drive = $instance->targetsDir . '/usb';
	$instance->mounts->tmpfs($drive, '1m');
	$instance->mustOcc(['mirror:target:add', $drive, '--name=USB drive']);
	$dav = $instance->dav();
	$dav->mkdirs('alice', 'Photos');
	$dav->put('alice', 'Photos/beach.jpg', str_repeat('b', 3000));
	$dav->put('alice', 'Photos/big.jpg', random_bytes(2 * 1024 * 1024));
	$dav->mkdirs('alice', 'Notes');
	// the first version, last modified two days ago (the sidebar tells its date from when it was set aside)
	$dav->put('alice', 'Notes/plan.txt', str_repeat('1', 3000), time() - 2 * 86400);
	$dav->put('alice', 'Notes/old.txt', str_repeat('o', 5000));
	// left out by its folder's .nomirror: the tab says so
	$dav->mkdirs('alice', 'Cache');
	$dav->put('alice', 'Cache/.nomirror', '');
	$dav->put('alice', 'Cache/thumb.jpg', str_repeat('t', 500));
	// an external storage (files_external, Local) mirrored once: its files' badges are the storage's copies'
	$instance->mustOcc(['app:enable', 'files_external']);
	$disk = $instance->base . '/disk';
	mkdir($disk, 0755, true);
	$created = $instance->mustOcc(['files_external:create', '/Disk', 'local', 'null::null', '-c', 'datadir=' . $disk]);
	if (preg_match('/id (\d+)/', $created->stdout, $m) !== 1) {
		throw new RuntimeException('files_external:create: ' . $created->stdout);
	}
	$instance->mustOcc(['mirror:external:set', $m[1], 'shared']);
	$dav->put('alice', 'Disk/ext.jpg', str_repeat('e', 1000));
	$instance->occ(['mirror:process']);
	// overwritten and deleted once copied: the next run keeps the copies in the mirror trash
	// (before big.jpg is due again: a file that does not fit makes the space guard empty the trash)
	$dav->put('alice', 'Notes/plan.txt', 'second version');
	$dav->delete('alice', 'Notes/old.txt');
	$instance->occ(['mirror:process']);
	$dav->put('alice', 'Photos/new.jpg', 'not yet copied');
	$dav->put('alice', 'Disk/later.jpg', 'not yet copied either');

	$env = Proc::environment($instance->env([
		'MIRROR_URL' => $instance->url(),
		'MIRROR_APPS_URL' => Instance::APPS_URL,
		'MIRROR_USER' => 'alice',
		'MIRROR_USER_PASSWORD' => $password,
		'MIRROR_TARGET_PATH' => $drive,
		'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD' => '1',
	]));
	$node = proc_open(['node', __DIR__ . '/files-badge.browser.mjs'], [0 => ['file', '/dev/null', 'r'], 1 => STDOUT, 2 => STDERR], $pipes, __DIR__, $env);
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
