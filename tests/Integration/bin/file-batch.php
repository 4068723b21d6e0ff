<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * php file-batch.php SERVER_ROOT UID FOLDER COUNT create|overwrite|delete [NAME_FORMAT]
 * (with the instance's NEXTCLOUD_CONFIG_DIR)
 *
 * Creates, overwrites or deletes FOLDER/f0000 … f(COUNT-1) of UID (or the names NAME_FORMAT, a sprintf
 * format, gives) through Nextcloud's own Files API, in one process, with the events an upload, an overwrite
 * or a WebDAV DELETE fires: thousands of changes in seconds where WebDAV takes about half a second each.
 * On SQLite this process does not wait for the disk at each commit (PRAGMA synchronous = OFF, this connection
 * only): each change is still its own transactions, seen by every other process at once; only the fsync that
 * makes them outlive a power cut is left out (it made a change cost ~100 ms on a busy disk instead of ~5 ms).
 */

if (($argc !== 6 && $argc !== 7) || !in_array($argv[5], ['create', 'overwrite', 'delete'], true)) {
	fwrite(STDERR, "usage: php file-batch.php SERVER_ROOT UID FOLDER COUNT create|overwrite|delete [NAME_FORMAT]\n");
	exit(2);
}
[, $root, $uid, $folderPath, $count, $mode] = $argv;
$format = $argv[6] ?? 'f%04d';
require_once $root . '/lib/base.php';
\OC_App::loadApps();
$db = \OCP\Server::get(\OCP\IDBConnection::class);
if ($db->getDatabaseProvider() === \OCP\IDBConnection::PLATFORM_SQLITE) {
	$db->executeStatement('PRAGMA synchronous = OFF');
}
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
	$name = sprintf($format, $i);
	match ($mode) {
		'create' => $folder->newFile($name, 'the family\'s file ' . $i),
		'overwrite' => $folder->get($name)->putContent('overwritten ' . $i . ' ' . bin2hex(random_bytes(8))),
		'delete' => $folder->get($name)->delete(),
	};
}
echo $count, ' files: ', $mode, "\n";
