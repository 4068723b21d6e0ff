<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A folder of an external storage shared with someone it is not mounted for (issue #20), on a real instance with a
 * Local storage mounted at /Disk for dad, who shares Disk/Album with mum (with write permission): in each mode mum's
 * badge and sidebar show the state of the storage's copies, as for a share of a home folder; her history of the
 * folder holds what was deleted since it was shared, and she restores nothing (as a share's recipient of a home
 * folder); a user it is neither mounted for nor shared with gets 404; switched off, mum's sidebar says "Left out".
 */
final class ExternalStorageSharesTest extends IntegrationTestCase {
	use ExternalStorageCalls;

	public function testARecipientOfAShareOfTheStoragesFolderSeesTheStateOfItsCopiesAndRestoresNothing(): void {
		$dad = $this->user('sharesdad');
		$mum = $this->user('sharesmum');
		$kid = $this->user('shareskid');
		$this->occOk(['files_external:applicable', $this->mountId, '--add-user', $dad]);
		$this->occOk(['files_external:option', $this->mountId, 'enable_sharing', 'true']);
		$this->occOk(['mirror:external:set', $this->mountId, 'shared']);
		$target = $this->newTarget('external-shares');
		$this->dav()->mkdirs($dad, 'Disk/Album');
		$this->dav()->put($dad, 'Disk/Album/p.jpg', "\xFF\xD8\xFF" . random_bytes(2000));
		$this->dav()->put($dad, 'Disk/Album/old.txt', 'deleted once shared');
		$this->dav()->put($dad, 'Disk/private.txt', 'not shared');
		$this->processOk();
		$this->assertSame(['Album/old.txt', 'Album/p.jpg', 'private.txt'], $this->mirrorFiles($target, 'Disk (external storage)'));

		$this->dav()->shareWithUser($dad, 'Disk/Album', $mum);
		$this->dav()->acceptPendingShares($mum);
		$photo = $this->dav()->fileId($mum, 'Album/p.jpg');
		$this->assertSame($this->dav()->fileId($dad, 'Disk/Album/p.jpg'), $photo);

		// mirrored once: the storage's copies, as her badge and her sidebar say
		$status = $this->ocs($mum, 'GET', '/files/' . $photo);
		$this->assertSame(['inScope' => true, 'state' => 'replicated', 'exclusion' => null], array_intersect_key($status['data'], array_flip(['inScope', 'state', 'exclusion'])), json_encode($status));
		$this->assertSame(['replicated'], array_column($status['data']['targets'], 'state'));
		$this->assertSame(['old.txt' => 'replicated', 'p.jpg' => 'replicated'], $this->badges($mum, 'Album'));
		$album = $this->ocs($mum, 'GET', '/files/' . $this->dav()->fileId($mum, 'Album'));
		$this->assertSame(['files' => 2, 'replicated' => 2], array_intersect_key($album['data']['folder'] ?? [], array_flip(['files', 'replicated'])), json_encode($album));

		// deleted since it was shared: in her history of the folder, not hers to restore (as a home folder's share)
		$this->assertSame(204, $this->dav()->delete($dad, 'Disk/Album/old.txt')->status);
		$this->processOk();
		$history = $this->ocs($mum, 'GET', '/files/' . $this->dav()->fileId($mum, 'Album') . '/history');
		$this->assertSame(200, $history['status'], json_encode($history));
		$this->assertSame([false, ['old.txt']], [$history['data']['restorable'], array_column($history['data']['deleted'], 'path')], json_encode($history));
		$refused = $this->ocs($mum, 'POST', '/files/' . $this->dav()->fileId($mum, 'Album') . '/restore-deleted', ['ids' => [$history['data']['deleted'][0]['id']]]);
		$this->assertSame(404, $refused['status'], 'only the users it is mounted for restore');
		$this->assertSame(404, $this->ocs($mum, 'POST', '/files/' . $photo . '/restore', ['targetId' => (int)$target['id']])['status']);
		$this->assertFalse(file_exists($this->disk . '/Album/old.txt'));

		// someone it is neither mounted for nor shared with: nothing
		foreach (['', '/history'] as $what) {
			$this->assertSame(404, $this->ocs($kid, 'GET', '/files/' . $photo . $what)['status']);
		}
		$this->assertSame(404, $this->ocs($mum, 'GET', '/files/' . $this->dav()->fileId($dad, 'Disk/private.txt'))['status'], 'outside the share');

		// mirrored as part of dad's files: his copies, for her too
		$this->occOk(['mirror:external:set', $this->mountId, 'users']);
		$this->processOk();
		$this->assertSame(['Disk/Album/p.jpg', 'Disk/private.txt'], $this->mirrorFiles($target, $dad));
		$status = $this->ocs($mum, 'GET', '/files/' . $photo);
		$this->assertSame(['inScope' => true, 'state' => 'replicated', 'exclusion' => null], array_intersect_key($status['data'], array_flip(['inScope', 'state', 'exclusion'])), json_encode($status));
		$this->assertSame(['p.jpg' => 'replicated'], $this->badges($mum, 'Album'));
		$this->dav()->put($dad, 'Disk/Album/new.jpg', 'not copied yet');
		$this->assertSame(['new.jpg' => 'pending', 'p.jpg' => 'replicated'], $this->badges($mum, 'Album'), 'a file not copied yet is pending, as for dad');

		// switched off: left out for her as for dad, no badge, the copies shown until the reconcile moves them
		$this->occOk(['mirror:external:set', $this->mountId, 'off']);
		$status = $this->ocs($mum, 'GET', '/files/' . $photo);
		$this->assertSame(['state' => 'excluded', 'exclusion' => ['reason' => 'external', 'detail' => 'Disk']], array_intersect_key($status['data'], array_flip(['state', 'exclusion'])), json_encode($status));
		$this->assertSame([], $this->badges($mum, 'Album'));
	}
}
