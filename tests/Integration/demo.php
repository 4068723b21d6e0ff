<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/**
 * `make demo`: the whole story on a throwaway instance built from NEXTCLOUD_ROOT, left running.
 * Two users upload files (WebDAV PUT, chunked upload, the desktop client), a folder becomes the mirror target,
 * the queue is processed, then the mirror tree and `occ mirror:status` are printed with the URL and credentials.
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;

require dirname(__DIR__) . '/autoload.php';

$say = static function (string $text): void {
	fwrite(STDOUT, "\n\033[1m== $text\033[0m\n");
};
$show = static function (\OCA\Mirror\Tests\Integration\Harness\ProcResult $r): void {
	fwrite(STDOUT, rtrim($r->stdout) . "\n");
	if ($r->exitCode !== 0) {
		fwrite(STDOUT, rtrim($r->stderr) . "\n(exit code {$r->exitCode})\n");
	}
};

$say('Creating a throwaway Nextcloud from ' . Instance::serverRoot());
$nc = Instance::create('demo');
$occ = static fn (array $args) => $nc->occ($args);
$show($nc->mustOcc(['app:enable', 'mirror']));
$users = ['alice' => 'Alice-Demo-2026', 'bob' => 'Bob-Demo-2026'];
foreach ($users as $uid => $password) {
	$nc->addUser($uid, $password);
}
echo "users: alice, bob\n";

$say('Uploading: plain PUTs, a chunked upload, the desktop client');
$dav = $nc->dav();
$dav->mkdirs('alice', 'Photos/2024 Summer');
for ($i = 1; $i <= 5; $i++) {
	$dav->put('alice', sprintf('Photos/2024 Summer/IMG_%04d.jpg', $i), random_bytes(150_000 + $i * 1000), 1_719_000_000 + $i * 3600);
}
$dav->mkdirs('alice', 'Documents');
$dav->put('alice', 'Documents/shopping list.txt', "milk\nbread\n");
$dav->put('alice', 'Documents/old draft.txt', "to be deleted\n");
$scratch = $nc->base . '/scratch';
@mkdir($scratch . '/bob-phone/Camera', 0755, true);
$video = $scratch . '/holiday.mp4';
$h = fopen($video, 'w');
for ($i = 0; $i < 12; $i++) {
	fwrite($h, random_bytes(1024 * 1024));
}
fclose($h);
$dav->mkcol('bob', 'Videos');
$chunks = $dav->chunkedUpload('bob', 'Videos/holiday.mp4', $video, 5 * 1024 * 1024);
echo "bob: Videos/holiday.mp4 in $chunks chunks\n";
for ($i = 1; $i <= 8; $i++) {
	file_put_contents(sprintf('%s/bob-phone/Camera/PXL_%03d.jpg', $scratch, $i), random_bytes(80_000));
}
$dav->mkcol('bob', 'InstantUpload');
$sync = $nc->nextcloudcmd('bob', $scratch . '/bob-phone', '/InstantUpload');
echo 'bob: nextcloudcmd synced his phone folder (exit code ' . $sync->exitCode . ")\n";
$dav->shareWithUser('alice', 'Photos/2024 Summer', 'bob');
echo "alice shared 'Photos/2024 Summer' with bob (mirrored once, under alice)\n";

$say('Adding a mirror target');
$targetDir = $nc->targetsDir . '/usb-backup';
mkdir($targetDir, 0755, true);
$show($occ(['mirror:target:add', $targetDir, '--name=USB backup']));

$say('occ mirror:process');
$show($occ(['mirror:process']));

$say('A rename, a deletion, an overwrite; then cron.php does the work');
$dav->move('alice', 'Documents/shopping list.txt', 'Documents/groceries.txt');
$dav->delete('alice', 'Documents/old draft.txt');
$dav->put('alice', 'Documents/groceries.txt', "milk\nbread\neggs\n");
$nc->makeJobsDue(['OCA\\Mirror\\BackgroundJob\\ProcessQueue']);
$show($nc->runCron());

$say("The mirror tree: find $targetDir");
$find = \OCA\Mirror\Tests\Integration\Harness\Proc::run(['find', $targetDir, '-printf', '%M %8s  %TY-%Tm-%Td %TH:%TM  %P\n']);
echo implode("\n", array_slice(explode("\n", trim($find->stdout)), 0, 80)), "\n";

$say('occ mirror:status');
$show($occ(['mirror:status']));
$say('occ mirror:target:list');
$show($occ(['mirror:target:list']));
$say('occ mirror:verify');
$show($occ(['mirror:verify']));

$nc->detachServer();
$say('The instance keeps running');
$root = $nc->root;
echo <<<TXT
URL:          {$nc->url()}   (WebDAV: {$nc->url()}/remote.php/dav/files/<user>/)
admin:        admin / {$nc->password('admin')}
users:        alice / {$users['alice']}    bob / {$users['bob']}
mirror:       $targetDir
occ:          NEXTCLOUD_CONFIG_DIR={$nc->configDir} php $root/occ mirror:status
cron:         NEXTCLOUD_CONFIG_DIR={$nc->configDir} php $root/cron.php
instance dir: {$nc->base}
stop it:      kill -- -{$nc->serverPid()} && rm -rf {$nc->base}

(The server's own Vue pages need dist/core-common.js, which the snapshot lacks: log a browser in with
HTTP basic auth, e.g. http://alice:{$users['alice']}@127.0.0.1:..., rather than the login form.)

TXT;
