<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * Builds a throwaway Nextcloud (the integration suite's harness), mounts a tmpfs as the backup
 * drive, runs admin-settings.browser.mjs against it and tears everything down. Run it through run.sh.
 *
 * The script asks the harness for what only it can do (make a background job due and run cron.php
 * for it) over two pipes: a JSON line on its fd 3, the answer as a JSON line on its fd 4.
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
		'MIRROR_APP_DIR' => $instance->appsDir . '/mirror',
	]));
	$node = proc_open(['node', __DIR__ . '/admin-settings.browser.mjs'],
		[0 => ['file', '/dev/null', 'r'], 1 => STDOUT, 2 => STDERR, 3 => ['pipe', 'w'], 4 => ['pipe', 'r']], $pipes, __DIR__, $env);
	if ($node === false) {
		throw new RuntimeException('Cannot start node');
	}
	while (($line = fgets($pipes[3])) !== false) {
		$request = json_decode($line, true);
		if (is_array($request) && ($request['call'] ?? null) === 'runCron' && is_array($request['jobs'] ?? null)) {
			$cron = $instance->runCron(array_values(array_map('strval', $request['jobs'])));
			$answer = ['ok' => $cron->ok(), 'output' => $cron->describe()];
		} else {
			$answer = ['ok' => false, 'output' => 'unknown request: ' . trim($line)];
		}
		fwrite($pipes[4], json_encode($answer) . "\n");
	}
	fclose($pipes[3]);
	fclose($pipes[4]);
	$status = proc_close($node);
	if ($status !== 0) {
		fwrite(STDERR, "--- nextcloud.log (last lines)\n" . implode("\n", array_slice(explode("\n", trim($instance->nextcloudLog())), -10)) . "\n");
	}
} finally {
	$instance->destroy();
}
exit($status);
