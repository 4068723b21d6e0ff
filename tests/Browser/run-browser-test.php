<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * Builds a throwaway Nextcloud (the integration suite's harness), mounts a tmpfs as the backup
 * drive, runs admin-settings.browser.mjs against it and tears everything down. Run it through run.sh.
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

require __DIR__ . '/../autoload.php';

$instance = Instance::create('browser');
$status = 1;
try {
	$instance->mustOcc(['app:enable', 'mirror']);
	$password = $instance->addUser('alice');
	$drive = $instance->targetsDir . '/usb';
	$instance->mounts->tmpfs($drive, '32m');

	$env = Proc::environment($instance->env([
		'MIRROR_URL' => $instance->url(),
		'MIRROR_ADMIN' => Instance::ADMIN,
		'MIRROR_ADMIN_PASSWORD' => Instance::ADMIN_PASSWORD,
		'MIRROR_USER' => 'alice',
		'MIRROR_USER_PASSWORD' => $password,
		'MIRROR_DRIVE' => $drive,
		'MIRROR_OCC' => json_encode($instance->occCommand([])),
	]));
	$node = proc_open(['node', __DIR__ . '/admin-settings.browser.mjs'], [0 => ['file', '/dev/null', 'r'], 1 => STDOUT, 2 => STDERR], $pipes, __DIR__, $env);
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
