<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\GroupFolders;
use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * Group folders (the Group folders app, from ../shared/nextcloud/) mirrored at
 * <target>/<mount point> (group folder)/: members' uploads through WebDAV, renames, moves in and out of a
 * member's home, deletions to the mirror trash. One instance for the class; each test its own folder,
 * group and users.
 */
final class GroupFoldersTest extends IntegrationTestCase {
	private const ALL = ['read', 'write', 'delete'];

	private static ?GroupFolders $gf = null;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		if (GroupFolders::archive() === null) {
			self::markTestSkipped('the Group folders archive is not in ../shared/nextcloud/');
		}
		self::$gf = new GroupFolders(self::nc());
		self::$gf->install();
	}

	/**
	 * A group folder with these members (full permissions); its id.
	 *
	 * @param list<string> $members
	 */
	private function family(string $mountPoint, array $members): int {
		$id = self::$gf->create($mountPoint);
		$group = 'g-' . strtolower($mountPoint);
		self::$gf->group($group, $members);
		self::$gf->grant($id, $group, self::ALL);
		return $id;
	}

	/** Where a group folder's file stands on the target. */
	private function gfPath(array $target, string $mountPoint, string $path = ''): string {
		return rtrim($target['path'] . '/' . $mountPoint . ' (group folder)/' . $path, '/');
	}

	/** The file in the group folder's storage (the data directory), as Nextcloud keeps it. */
	private function gfSource(int $id, string $path): string {
		return self::nc()->dataDir . '/__groupfolders/' . $id . '/files/' . $path;
	}

	private function assertGfMirrored(array $target, int $id, string $mountPoint, string $path): void {
		clearstatcache();
		$copy = $this->gfPath($target, $mountPoint, $path);
		$this->assertFileExists($this->gfSource($id, $path), "$mountPoint/$path should be in the group folder");
		$this->assertFileExists($copy, "$mountPoint/$path should be mirrored");
		$this->assertSame(hash_file('sha256', $this->gfSource($id, $path)), hash_file('sha256', $copy), "sha256 of the mirrored $mountPoint/$path");
	}

	public function testUploadsByTwoMembersAreMirrored(): void {
		$alice = $this->user('gf-alice');
		$bob = $this->user('gf-bob');
		$id = $this->family('Family', [$alice, $bob]);
		$target = $this->newTarget('gf-uploads');

		$this->assertSame(201, $this->dav()->put($alice, 'Family/from-alice.jpg', random_bytes(3000))->status);
		$this->dav()->mkdirs($bob, 'Family/Album');
		$this->assertSame(201, $this->dav()->put($bob, 'Family/Album/from-bob.jpg', random_bytes(5000))->status);
		$this->processOk();

		$this->assertGfMirrored($target, $id, 'Family', 'from-alice.jpg');
		$this->assertGfMirrored($target, $id, 'Family', 'Album/from-bob.jpg');
		$this->assertDirectoryDoesNotExist($this->mirrorPath($target, $alice, 'Family'), 'not under the uploader');
		$this->assertDirectoryDoesNotExist($this->mirrorPath($target, $bob, 'Family'), 'not under the uploader');
	}

	public function testTheCoverageReportCountsAGroupFolderAsItsCopiesOnTheDrive(): void {
		$alice = $this->user('gf-dora');
		$id = $this->family('Counted', [$alice]);
		$target = $this->newTarget('gf-coverage');
		$this->dav()->mkdirs($alice, 'Counted/Album/Cache');
		$this->dav()->put($alice, 'Counted/Album/a.jpg', random_bytes(1500));
		$this->dav()->put($alice, 'Counted/b.jpg', random_bytes(2500));
		$this->dav()->put($alice, 'Counted/Album/Cache/.nomirror', '');
		$this->dav()->put($alice, 'Counted/Album/Cache/thumb.jpg', random_bytes(700));
		$this->dav()->put($alice, 'Counted/scratch.tmp', 'a default pattern');
		$this->processOk();

		$report = $this->occOk(['mirror:status', '--coverage', '--output=json'])->json();
		$rows = array_values(array_filter($report['rows'], static fn (array $r): bool => $r['kind'] === 'groupfolder' && $r['id'] === (string)$id));
		$this->assertCount(1, $rows, json_encode($report));
		$row = $rows[0];
		$onDrive = self::filesBelow($this->gfPath($target, 'Counted'));
		$this->assertSame(['Album/a.jpg', 'b.jpg'], $onDrive);
		$bytes = array_sum(array_map(fn (string $f): int => (int)filesize($this->gfPath($target, 'Counted', $f)), $onDrive));
		$this->assertSame('Counted', $row['name']);
		$this->assertTrue($row['covered']);
		$this->assertSame(['files' => 5, 'bytes' => 1500 + 2500 + 0 + 700 + 17], $row['total']);
		$this->assertSame(['files' => 2, 'bytes' => 700], $row['leftOut']['nomirror']);
		$this->assertSame(['files' => 1, 'bytes' => 17], $row['leftOut']['pattern']);
		$thumb = $this->ocs($alice, 'GET', '/files/' . $this->dav()->fileId($alice, 'Counted/Album/Cache/thumb.jpg'));
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Counted/Album/Cache'], $thumb['data']['exclusion'], 'the folder as the member sees it');
		$mine = array_values(array_filter($row['targets'], static fn (array $t): bool => $t['targetId'] === (int)$target['id']))[0];
		$this->assertSame(['files' => count($onDrive), 'bytes' => $bytes], $mine['mirrored'], 'the report counts what is on the drive');
		$this->assertSame(['files' => 0, 'bytes' => 0], $mine['notCopied']);
		$this->assertSame(['files' => 0, 'bytes' => 0], $mine['toTrash']);
		$text = $this->occOk(['mirror:status', '--coverage'])->stdout;
		$this->assertMatchesRegularExpression('/groupfolder\s*\|\s*' . $id . ' \(Counted\)/', $text);
	}

	/** Copies of a group folder's PATH in the target's mirror trash (any day). */
	private function gfTrash(array $target, string $mountPoint, string $path): array {
		return $this->trashCopies($target, $mountPoint . ' (group folder)', $path);
	}

	public function testRenameMoveInAndOutOfAHomeAndDeletion(): void {
		$alice = $this->user('gf-carol');
		$id = $this->family('Friends', [$alice]);
		$target = $this->newTarget('gf-moves');
		$this->dav()->mkdirs($alice, 'Friends/Trip');
		$this->dav()->put($alice, 'Friends/a.jpg', $a = random_bytes(1000));
		$this->dav()->put($alice, 'Friends/Trip/b.jpg', $b = random_bytes(1200));
		$this->dav()->put($alice, 'Friends/gone.jpg', $gone = random_bytes(800));
		$this->dav()->mkdirs($alice, 'Friends/Out');
		$this->dav()->put($alice, 'Friends/Out/c.jpg', random_bytes(1100));
		$this->dav()->put($alice, 'mine.jpg', $mine = random_bytes(900));
		$this->processOk();
		$this->assertGfMirrored($target, $id, 'Friends', 'Trip/b.jpg');
		$this->assertMirrored($target, $alice, 'mine.jpg');

		// a rename and a folder rename inside the group folder
		$this->assertSame(201, $this->dav()->move($alice, 'Friends/a.jpg', 'Friends/renamed.jpg')->status);
		$this->assertSame(201, $this->dav()->move($alice, 'Friends/Trip', 'Friends/Trip 2026')->status);
		$this->processOk();
		$this->assertGfMirrored($target, $id, 'Friends', 'renamed.jpg');
		$this->assertGfMirrored($target, $id, 'Friends', 'Trip 2026/b.jpg');
		$this->assertFileDoesNotExist($this->gfPath($target, 'Friends', 'a.jpg'));
		$this->assertDirectoryDoesNotExist($this->gfPath($target, 'Friends', 'Trip'));

		// out of the group folder into the member's home, and from the home into the group folder
		$this->assertSame(201, $this->dav()->move($alice, 'Friends/renamed.jpg', 'taken-home.jpg')->status);
		$this->assertSame(201, $this->dav()->move($alice, 'mine.jpg', 'Friends/shared.jpg')->status);
		$this->assertSame(201, $this->dav()->move($alice, 'Friends/Out', 'Out')->status);
		$this->processOk();
		$this->assertMirrored($target, $alice, 'Out/c.jpg');
		$this->assertFileDoesNotExist($this->gfPath($target, 'Friends', 'Out/c.jpg'), 'a folder moved out: its files gone from the group folder on the drive');
		$this->assertNotEmpty($this->gfTrash($target, 'Friends', 'Out/c.jpg'), 'and in its mirror trash');
		$this->assertMirrored($target, $alice, 'taken-home.jpg');
		$this->assertSame(hash('sha256', $a), hash_file('sha256', $this->mirrorPath($target, $alice, 'taken-home.jpg')));
		$this->assertFileDoesNotExist($this->gfPath($target, 'Friends', 'renamed.jpg'), 'moved out: gone from the group folder on the drive');
		$this->assertNotEmpty($this->gfTrash($target, 'Friends', 'renamed.jpg'), 'moved out: in the group folder\'s mirror trash');
		$this->assertGfMirrored($target, $id, 'Friends', 'shared.jpg');
		$this->assertSame(hash('sha256', $mine), hash_file('sha256', $this->gfPath($target, 'Friends', 'shared.jpg')));
		$this->assertFileDoesNotExist($this->mirrorPath($target, $alice, 'mine.jpg'), 'moved in: gone from the home on the drive');
		$this->assertNotEmpty($this->trashCopies($target, $alice, 'mine.jpg'), 'moved in: in the member\'s mirror trash');

		// a deletion (Nextcloud moves it to the group folder's own trash): the copy goes to the mirror trash
		$this->assertSame(204, $this->dav()->delete($alice, 'Friends/gone.jpg')->status);
		$this->processOk();
		$this->assertFileDoesNotExist($this->gfPath($target, 'Friends', 'gone.jpg'));
		$trashed = array_values($this->gfTrash($target, 'Friends', 'gone.jpg'));
		$this->assertCount(1, $trashed);
		$this->assertSame(hash('sha256', $gone), hash_file('sha256', $trashed[0]));

		// an overwrite keeps the earlier version in the mirror trash; the member sees it and brings it back
		$this->dav()->put($alice, 'Friends/shared.jpg', $newer = random_bytes(950));
		$this->processOk();
		$this->assertSame(hash('sha256', $newer), hash_file('sha256', $this->gfPath($target, 'Friends', 'shared.jpg')));
		$this->assertSame([hash('sha256', $mine)], array_values(array_map(static fn (string $f): string => hash_file('sha256', $f), $this->gfTrash($target, 'Friends', 'shared.jpg'))));
		$sharedId = $this->dav()->fileId($alice, 'Friends/shared.jpg');
		$history = $this->ocs($alice, 'GET', '/files/' . $sharedId . '/history');
		$this->assertSame([200, true, 1], [$history['status'], $history['data']['restorable'], count($history['data']['versions'])], json_encode($history));
		$back = $this->ocs($alice, 'POST', '/files/' . $sharedId . '/restore', ['trashId' => $history['data']['versions'][0]['id']]);
		$this->assertSame([200, 1], [$back['status'], $back['data']['restored'] ?? null], json_encode($back));
		$this->assertSame($mine, $this->dav()->get($alice, 'Friends/' . $back['data']['files'][0]['to']), 'the earlier version, next to the file');
		$this->processOk();

		// and the reconcile finds nothing left to do: records and the drive agree with Nextcloud
		$report = $this->occOk(['mirror:verify', '--output=json'])->json();
		$this->assertSame(0, $report['missing'], json_encode($report));
		$this->assertSame(0, $report['mismatch'], json_encode($report));
		$this->assertGreaterThanOrEqual(3, $report['checked'], 'the group folder\'s copies are verified too: ' . json_encode($report));
		$resync = $this->occOk(['mirror:resync', '--group-folder', 'Friends', '--target', (string)$target['id'], '--output=json'])->json();
		$this->assertSame([3, []], [$resync['files'], $resync['differences']], 'the group folder, compared with its records and the drive: ' . json_encode($resync));
		// a file lost from the drive is found by the resync and copied again
		unlink($this->gfPath($target, 'Friends', 'Trip 2026/b.jpg'));
		$resync = $this->occOk(['mirror:resync', '--group-folder', 'Friends', '--target', (string)$target['id'], '--output=json'])->json();
		$this->assertSame(1, $resync['mirrorMissing'], json_encode($resync));
		$this->processOk();
		$this->assertGfMirrored($target, $id, 'Friends', 'Trip 2026/b.jpg');
	}

	public function testTheTripwireHoldsARansomwareSweepInsideTheGroupFolder(): void {
		$alice = $this->user('gf-dave');
		$id = $this->family('Photos', [$alice]);
		$target = $this->newTarget('gf-tripwire');
		$this->dav()->mkcol($alice, 'Photos/Camera');
		$originals = [];
		for ($i = 1; $i <= 20; $i++) {
			$path = sprintf('Camera/IMG_%04d.jpg', $i);
			$originals[$path] = "\xFF\xD8\xFF\xE0" . random_bytes(2000);
			$this->dav()->put($alice, 'Photos/' . $path, $originals[$path]);
		}
		$this->processOk();

		// malware on a member's laptop encrypts the shared photos through the sync client
		foreach (array_keys($originals) as $path) {
			$this->dav()->put($alice, 'Photos/' . $path, random_bytes(2004));
		}
		$run = $this->processOk(['--output=json'])->json();
		$this->assertSame(20, $run['held'] ?? null, 'every overwrite is held: ' . json_encode($run));
		foreach ($originals as $path => $bytes) {
			$this->assertSame(hash('sha256', $bytes), hash_file('sha256', $this->gfPath($target, 'Photos', $path)), "the original $path stays on the mirror");
		}
		$held = self::nc()->select('SELECT user_id FROM oc_mirror_tripwire WHERE tripped_at IS NOT NULL');
		$this->assertContains('Photos (group folder)', array_column($held, 'user_id'), 'held as the group folder, counted apart from its members');
		$this->assertNotContains($alice, array_column($held, 'user_id'), 'the member\'s own files are not held');

		// the admin drops the held changes of the group folder: the mirror keeps the originals
		$release = $this->occOk(['mirror:tripwire:release', '--group-folder', 'Photos', '--discard', '--output=json'])->json();
		$this->assertTrue($release['released'] ?? false, json_encode($release));
		$this->assertSame([], self::nc()->select('SELECT user_id FROM oc_mirror_tripwire WHERE tripped_at IS NOT NULL AND user_id = ?', ['Photos (group folder)']));
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $uid, string $method, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}

	public function testMembersSeeAndRestoreOnlyWhatTheirPermissionsAndAclsAllow(): void {
		$writer = $this->user('gf-erin');
		$reader = $this->user('gf-frank');
		$id = self::$gf->create('Office');
		self::$gf->group('g-office-writers', [$writer]);
		self::$gf->group('g-office-readers', [$reader]);
		self::$gf->grant($id, 'g-office-writers', self::ALL);
		self::$gf->grant($id, 'g-office-readers', ['read']);
		self::$gf->enableAcl($id);
		$target = $this->newTarget('gf-acl');
		$this->dav()->mkdirs($writer, 'Office/Secret');
		self::$gf->aclForUser($id, 'Secret', $reader, ['-read']);
		$this->dav()->put($writer, 'Office/doc.jpg', $doc = random_bytes(700));
		$this->dav()->put($writer, 'Office/Secret/plan.jpg', random_bytes(600));
		$this->dav()->put($writer, 'Office/Secret/live.jpg', random_bytes(500));
		$this->processOk();
		$this->assertGfMirrored($target, $id, 'Office', 'Secret/plan.jpg');
		$this->assertSame(404, $this->dav()->request('PROPFIND', $this->dav()->filesUrl($reader, 'Office/Secret'), $reader, ['Depth' => '0'])->status,
			'the ACL hides Secret from the reader in Nextcloud itself');

		$this->assertSame(204, $this->dav()->delete($writer, 'Office/doc.jpg')->status);
		$this->assertSame(204, $this->dav()->delete($writer, 'Office/Secret/plan.jpg')->status);
		$this->processOk();

		// the status and history of the group folder's files: the writer sees all, the reader what the ACLs let them read
		$live = $this->dav()->fileId($writer, 'Office/Secret/live.jpg');
		$writerStatus = $this->ocs($writer, 'GET', '/files/' . $live);
		$this->assertSame([200, true, 'replicated'], [$writerStatus['status'], $writerStatus['data']['inScope'], $writerStatus['data']['state']], json_encode($writerStatus));
		$this->assertSame(404, $this->ocs($reader, 'GET', '/files/' . $live)['status'], 'a file in a subfolder the ACL hides: 404');
		$this->assertSame(404, $this->ocs($reader, 'GET', '/files/' . $live . '/history')['status']);
		$root = $this->dav()->fileId($writer, 'Office');
		$this->assertSame($root, $this->dav()->fileId($reader, 'Office'));
		$all = $this->ocs($writer, 'GET', '/files/' . $root . '/history');
		$this->assertSame(200, $all['status'], json_encode($all));
		$this->assertEqualsCanonicalizing(['doc.jpg', 'Secret/plan.jpg'], array_column($all['data']['deleted'], 'path'));
		$this->assertTrue($all['data']['restorable']);
		$seen = $this->ocs($reader, 'GET', '/files/' . $root . '/history');
		$this->assertSame(200, $seen['status'], json_encode($seen));
		$this->assertSame(['doc.jpg'], array_column($seen['data']['deleted'], 'path'), 'the deleted file of the hidden subfolder does not leak');
		$this->assertFalse($seen['data']['restorable'], 'read-only member');

		// restore: 404 for the read-only member, done for the writer
		$planId = array_values(array_filter($all['data']['deleted'], static fn (array $e): bool => $e['path'] === 'Secret/plan.jpg'))[0]['id'];
		$docId = array_values(array_filter($all['data']['deleted'], static fn (array $e): bool => $e['path'] === 'doc.jpg'))[0]['id'];
		$this->assertSame(404, $this->ocs($reader, 'POST', '/files/' . $root . '/restore-deleted', ['ids' => [$docId]])['status'], 'no write permission: 404');
		$this->assertSame(404, $this->ocs($reader, 'POST', '/files/' . $root . '/restore-deleted')['status']);
		$this->assertFileDoesNotExist($this->gfSource($id, 'doc.jpg'));
		$done = $this->ocs($writer, 'POST', '/files/' . $root . '/restore-deleted', ['ids' => [$docId]]);
		$this->assertSame([200, 1], [$done['status'], $done['data']['restored'] ?? null], json_encode($done));
		$this->assertSame($doc, $this->dav()->get($reader, 'Office/doc.jpg'), 'back in the group folder, for every member');
		$this->assertNotNull($planId);

		// the restored file is copied again as a new one (the web request writes nothing to the drive)
		$this->processOk();
		$this->assertGfMirrored($target, $id, 'Office', 'doc.jpg');

		// occ mirror:restore --group-folder: a file lost in Nextcloud comes back from the drive
		$lost = $this->gfSource($id, 'Secret/live.jpg');
		$bytes = (string)file_get_contents($lost);
		unlink($lost);
		$this->occOk(['groupfolders:scan', (string)$id]);
		$r = $this->occOk(['mirror:restore', '--group-folder', 'Office', '--path', 'Secret/live.jpg', '--target', (string)$target['id'], '--output=json'])->json();
		$this->assertSame(1, $r['restored'], json_encode($r));
		clearstatcache();
		$this->assertSame(hash('sha256', $bytes), hash_file('sha256', $lost), 'restored byte-identical into the group folder');
		$this->assertSame(2, $this->occ(['mirror:restore', '--group-folder', 'Nope', '--output=json'])->exitCode, 'an unknown group folder is refused');

		// the admin: the group folder is a row of the status, and the admin page's restore takes it
		$rows = array_values(array_filter($this->mirrorStatus()['users'], static fn (array $r): bool => $r['userId'] === 'Office (group folder)' && (int)$r['targetId'] === (int)$target['id']));
		$this->assertCount(1, $rows);
		$this->assertSame(['Office (group folder)', 2, 2], [$rows[0]['folder'], $rows[0]['files'], $rows[0]['replicated']], json_encode($rows[0]));
		$preview = $this->ocs(Instance::ADMIN, 'POST', '/restores', ['userId' => 'Office (group folder)', 'targetId' => (int)$target['id'], 'dryRun' => true]);
		$this->assertSame(200, $preview['status'], json_encode($preview));
		$this->assertSame(404, $this->ocs(Instance::ADMIN, 'POST', '/restores', ['userId' => 'Nope (group folder)', 'targetId' => (int)$target['id'], 'dryRun' => true])['status']);
	}

	public function testARecipientOfAShareOfItsFolderWhoIsNoMemberSeesTheGroupFoldersCopiesAndRestoresNothing(): void {
		$mum = $this->user('gf-mum');
		$grandma = $this->user('gf-grandma');
		$kid = $this->user('gf-kid');
		$dad = $this->user('gf-dad');
		$id = self::$gf->create('Album');
		self::$gf->group('g-album', [$mum, $dad]);
		self::$gf->grant($id, 'g-album', [...self::ALL, 'share']);
		$target = $this->newTarget('gf-shares');
		$this->dav()->mkdirs($mum, 'Album/Summer');
		$this->dav()->put($mum, 'Album/Summer/p.jpg', "\xFF\xD8\xFF" . random_bytes(2000));
		$this->dav()->put($mum, 'Album/Summer/old.jpg', random_bytes(900));
		$this->dav()->put($mum, 'Album/Summer/before.jpg', random_bytes(800));
		$this->dav()->put($mum, 'Album/private.jpg', random_bytes(700));
		$this->processOk();
		$this->assertGfMirrored($target, $id, 'Album', 'Summer/p.jpg');
		$this->assertSame(204, $this->dav()->delete($mum, 'Album/Summer/before.jpg')->status);
		$this->processOk();
		sleep(1); // the share's time is in seconds: deleted before it, in an earlier second

		$this->dav()->shareWithUser($mum, 'Album/Summer', $grandma);
		$this->dav()->acceptPendingShares($grandma);
		$this->dav()->shareWithUser($mum, 'Album/Summer', $dad); // a member given the share too
		$this->dav()->acceptPendingShares($dad);
		$photo = $this->dav()->fileId($grandma, 'Summer/p.jpg');
		$this->assertSame($this->dav()->fileId($mum, 'Album/Summer/p.jpg'), $photo);

		// her badges and her sidebar show the group folder's copies, as a member's do
		$this->assertSame(['old.jpg' => 'replicated', 'p.jpg' => 'replicated'], $this->badges($grandma, 'Summer'));
		$this->assertSame(['old.jpg' => 'replicated', 'p.jpg' => 'replicated'], $this->badges($mum, 'Album/Summer'), 'the member\'s unchanged');
		foreach ([$grandma, $mum] as $uid) {
			$status = $this->ocs($uid, 'GET', '/files/' . $photo);
			$this->assertSame([200, true, 'replicated', ['replicated']], [$status['status'], $status['data']['inScope'], $status['data']['state'], array_column($status['data']['targets'], 'state')], $uid . ': ' . json_encode($status));
		}
		$summer = $this->dav()->fileId($grandma, 'Summer');
		$folder = $this->ocs($grandma, 'GET', '/files/' . $summer);
		$this->assertSame(['files' => 2, 'replicated' => 2], array_intersect_key($folder['data']['folder'] ?? [], array_flip(['files', 'replicated'])), json_encode($folder));
		$this->dav()->put($mum, 'Album/Summer/new.jpg', 'not copied yet');
		$this->assertSame(['new.jpg' => 'pending', 'old.jpg' => 'replicated', 'p.jpg' => 'replicated'], $this->badges($grandma, 'Summer'), 'a file not copied yet is pending for her too');
		$this->processOk();

		// deleted since it was shared: in her history, not hers to restore; what was deleted before: not shown to her
		$this->assertSame(204, $this->dav()->delete($mum, 'Album/Summer/old.jpg')->status);
		$this->processOk();
		$history = $this->ocs($grandma, 'GET', '/files/' . $summer . '/history');
		$this->assertSame([200, false, ['old.jpg']], [$history['status'], $history['data']['restorable'], array_column($history['data']['deleted'], 'path')], json_encode($history));
		foreach ([$mum, $dad] as $uid) {
			$members = $this->ocs($uid, 'GET', '/files/' . $summer . '/history');
			$this->assertEqualsCanonicalizing(['before.jpg', 'old.jpg'], array_column($members['data']['deleted'], 'path'), $uid . ', a member, sees all of it: ' . json_encode($members));
			$this->assertTrue($members['data']['restorable'], $uid);
		}
		$refused = $this->ocs($grandma, 'POST', '/files/' . $summer . '/restore-deleted', ['ids' => [$history['data']['deleted'][0]['id']]]);
		$this->assertSame(404, $refused['status'], 'a share\'s recipient restores nothing');
		$this->assertSame(404, $this->ocs($grandma, 'POST', '/files/' . $photo . '/restore', ['targetId' => (int)$target['id']])['status']);
		// an earlier version kept since it was shared: hers to see, not to restore; the member restores it
		$this->dav()->put($mum, 'Album/Summer/p.jpg', $newer = "\xFF\xD8\xFF" . random_bytes(1500));
		$this->processOk();
		$versions = $this->ocs($grandma, 'GET', '/files/' . $photo . '/history');
		$this->assertSame([200, false, 1], [$versions['status'], $versions['data']['restorable'], count($versions['data']['versions'])], json_encode($versions));
		$this->assertSame(404, $this->ocs($grandma, 'POST', '/files/' . $photo . '/restore', ['trashId' => $versions['data']['versions'][0]['id']])['status'], 'a share\'s recipient restores no version');
		$this->assertSame([$newer], [$this->dav()->get($mum, 'Album/Summer/p.jpg')]);
		$this->assertSame(['new.jpg', 'p.jpg'], self::filesBelow($this->gfSource($id, 'Summer')), 'nothing restored next to it');
		$back = $this->ocs($mum, 'POST', '/files/' . $photo . '/restore', ['trashId' => $versions['data']['versions'][0]['id']]);
		$this->assertSame([200, 1], [$back['status'], $back['data']['restored'] ?? null], 'the member restores it: ' . json_encode($back));
		$this->assertFileDoesNotExist($this->gfSource($id, 'Summer/old.jpg'));

		// someone who is neither a member nor a recipient: nothing; and nothing outside the share for her
		foreach (['', '/history'] as $what) {
			$this->assertSame(404, $this->ocs($kid, 'GET', '/files/' . $photo . $what)['status']);
		}
		$this->assertSame(404, $this->ocs($grandma, 'GET', '/files/' . $this->dav()->fileId($mum, 'Album/private.jpg'))['status'], 'outside the share');
	}
}
