<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * php file-changes.php SERVER_ROOT UID FOLDER COUNT (with the instance's NEXTCLOUD_CONFIG_DIR)
 *
 * Makes COUNT changes to UID's files through Nextcloud's own Files API, in one process: each a new
 * file in FOLDER, announced by the same events (created, written) an upload fires, so the apps'
 * listeners see what they would see for COUNT uploads. Thousands of WebDAV PUTs to the test server
 * take about half a second each; this takes milliseconds each.
 */

if ($argc !== 5) {
	fwrite(STDERR, "usage: php file-changes.php SERVER_ROOT UID FOLDER COUNT\n");
	exit(2);
}
[, $root, $uid, $folderPath, $count] = $argv;
require_once $root . '/lib/base.php';
\OC_App::loadApps();
$user = \OCP\Server::get(\OCP\IUserManager::class)->get($uid);
if ($user === null) {
	fwrite(STDERR, "no user $uid\n");
	exit(1);
}
\OCP\Server::get(\OCP\IUserSession::class)->setUser($user);
\OC_Util::setupFS($uid);
$folder = \OCP\Server::get(\OCP\Files\IRootFolder::class)->getUserFolder($uid)->get($folderPath);
if (!$folder instanceof \OCP\Files\Folder) {
	fwrite(STDERR, "$folderPath is not a folder\n");
	exit(1);
}
for ($i = 0; $i < (int)$count; $i++) {
	$folder->newFile(sprintf('rest-%05d.txt', $i), 'change ' . $i);
}
echo $count, " files created\n";
