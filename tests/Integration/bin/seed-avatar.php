<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * php seed-avatar.php SERVER_ROOT UID < avatar.png
 * (with the instance's NEXTCLOUD_CONFIG_DIR)
 *
 * Puts UID's avatar (the PNG on standard input) into Nextcloud's app data through Nextcloud's own API, before
 * the user exists. The server snapshot lacks its fonts, so generating a default avatar (which the CardDAV sync
 * of `occ user:add` asks for) dies; on local storage the harness drops the PNG into the data folder, but on
 * object storage app data lives in the bucket, where only Nextcloud can put it.
 */

if ($argc !== 3) {
	fwrite(STDERR, "usage: php seed-avatar.php SERVER_ROOT UID < avatar.png\n");
	exit(2);
}
[, $root, $uid] = $argv;
$png = (string)stream_get_contents(STDIN);
require_once $root . '/lib/base.php';
$appData = \OCP\Server::get(\OCP\Files\AppData\IAppDataFactory::class)->get('avatar');
try {
	$folder = $appData->getFolder($uid);
} catch (\OCP\Files\NotFoundException) {
	$folder = $appData->newFolder($uid);
}
$folder->newFile('avatar.png', $png);
echo "ok\n";
