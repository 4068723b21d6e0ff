<?php

declare(strict_types=1);

namespace OCA\Mirror\Tests\Integration;

/**
 * The Files integration against the real server: the mirror-status WebDAV property of a folder
 * listing, the per-file OCS endpoint, and the pages that load the app's scripts.
 */
final class FilesBadgeTest extends IntegrationTestCase {
	private const STATUS = '{http://nextcloud.org/ns}mirror-status';
	private const FILES = 500;

	/**
	 * PROPFIND Depth 1 on a folder of 500 files: every file carries its state, in one request,
	 * with one query per mirror table whatever the number of files.
	 */
	public function testAFolderListingCarriesTheStateOfEveryFile(): void {
		$uid = $this->user('badge-owner');
		$this->newTarget('usb');
		// the way a phone or the desktop client uploads them: bulk upload, many files per request
		$local = $this->scratchDir('photos');
		for ($i = 1; $i <= self::FILES; $i++) {
			file_put_contents(sprintf('%s/IMG_%04d.jpg', $local, $i), 'photo ' . $i);
		}
		$this->dav()->mkdirs($uid, 'Photos');
		$sync = self::nc()->nextcloudcmd($uid, $local, '/Photos');
		$this->assertSame(0, $sync->exitCode, $sync->describe());

		$before = $this->statesIn($uid, 'Photos');
		$this->assertCount(self::FILES, $before, 'every file has the property');
		$this->assertSame(['pending'], array_values(array_unique($before)), 'uploaded, not yet copied');

		$this->processOk();
		[$after, $queries, $seconds] = $this->measuredListing($uid, 'Photos');
		$this->assertCount(self::FILES, $after);
		$this->assertSame(['replicated'], array_values(array_unique($after)), 'all copied');
		fwrite(STDERR, sprintf("\nPROPFIND Depth 1, %d files with nc:mirror-status: %.0f ms; queries on the mirror's tables: %s\n",
			self::FILES, $seconds * 1000, json_encode($queries)));
		$this->assertSame(['oc_mirror_queue' => 1, 'oc_mirror_replicas' => 1, 'oc_mirror_targets' => 1], $queries,
			'one query per mirror table for the whole folder');

		// the same listing without the property, for comparison
		$start = microtime(true);
		$plain = $this->dav()->propfind($uid, 'Photos', 1, ['{DAV:}getetag', '{http://owncloud.org/ns}fileid']);
		fwrite(STDERR, sprintf("PROPFIND Depth 1, %d files without it: %.0f ms\n", count($plain) - 1, (microtime(true) - $start) * 1000));
	}

	public function testAFileTheMirrorCannotWriteIsFailedAndFilesOutsideTheUsersOwnHaveNoBadge(): void {
		$uid = $this->user('badge-failer');
		$target = $this->newTarget('blocked');
		$this->dav()->mkdirs($uid, 'Blocked');
		$this->dav()->put($uid, 'Blocked/a.txt', 'a');
		$this->dav()->put($uid, 'fine.txt', 'fine');
		// something on the drive the mirror refuses to follow: a symbolic link where the folder goes
		@mkdir($target['path'] . '/' . $uid, 0755, true);
		symlink('/tmp', $target['path'] . '/' . $uid . '/Blocked');
		$this->process();

		$this->assertSame(['fine.txt' => 'replicated'], $this->statesIn($uid, '', ['fine.txt']));
		$this->assertSame(['a.txt' => 'failed'], $this->statesIn($uid, 'Blocked'));

		$id = $this->dav()->fileId($uid, 'Blocked/a.txt');
		$status = $this->ocs('GET', $uid, "/files/$id")['data'];
		$this->assertSame('failed', $status['state']);
		$onTarget = $status['targets'][0];
		$this->assertSame('failed', $onTarget['state']);
		$this->assertSame('unsafe_link', $onTarget['errorCode']);
		$this->assertGreaterThanOrEqual(1, $onTarget['attempts']);
		$this->assertSame('A symbolic link on the mirror drive stands where this file goes. Mirror never follows links on the drive: an administrator has to remove it.', $onTarget['error']);
		$this->assertStringNotContainsString($target['path'], json_encode($status), 'users never see where targets are');

		$retried = $this->ocs('POST', $uid, "/files/$id/retry");
		$this->assertSame(200, $retried['status']);
		$this->assertSame('failed', $retried['data']['targets'][0]['state'], 'still failed, but due now');
		$this->assertSame(400, $this->ocs('POST', $uid, '/files/' . $this->dav()->fileId($uid, 'Blocked') . '/retry')['status'], 'folders are not retried');

		// an external storage mounted into the user's files is not mirrored unless the admin chose it: no property,
		// and the sidebar says why (its code)
		if ($this->occ(['app:enable', 'files_external'])->exitCode === 0) {
			$outside = $this->scratchDir('external');
			file_put_contents($outside . '/elsewhere.txt', 'not mine to mirror');
			$mount = $this->occOk(['files_external:create', '/External', 'local', 'null::null', '-c', 'datadir=' . $outside, '--output=json']);
			$mountId = trim($mount->stdout);
			$this->occOk(['files_external:applicable', $mountId, '--add-user=' . $uid]);
			$this->occOk(['files:scan', $uid]);
			$listing = $this->dav()->propfind($uid, 'External', 1, [self::STATUS, '{http://owncloud.org/ns}fileid']);
			$file = $listing['/remote.php/dav/files/' . $uid . '/External/elsewhere.txt'] ?? null;
			$this->assertNotNull($file, 'the external file is listed: ' . json_encode(array_keys($listing)));
			$this->assertArrayNotHasKey(self::STATUS, $file);
			$external = $this->ocs('GET', $uid, '/files/' . $file['{http://owncloud.org/ns}fileid'])['data'];
			$this->assertSame(['state' => 'excluded', 'exclusion' => ['reason' => 'external', 'detail' => 'External']],
				array_intersect_key($external, array_flip(['state', 'exclusion'])));
			$this->occ(['files_external:delete', '--yes', $mountId]);
		} else {
			fwrite(STDERR, "\nfiles_external could not be enabled: the out-of-scope listing was not checked\n");
		}
	}

	public function testThePerFileEndpointAnswersTheOwnerAShareRecipientAndNobodyElse(): void {
		$owner = $this->user('share-owner');
		$recipient = $this->user('share-recipient');
		$stranger = $this->user('share-stranger');
		$this->newTarget('Family USB');
		$this->dav()->mkdirs($owner, 'Shared photos');
		$this->dav()->put($owner, 'Shared photos/beach.jpg', str_repeat('b', 3000));
		$this->dav()->put($owner, 'Shared photos/pending.jpg', 'later');
		$this->processOk();
		$this->dav()->put($owner, 'Shared photos/pending.jpg', 'changed, not yet copied');
		$this->dav()->shareWithUser($owner, 'Shared photos', $recipient);
		$this->dav()->acceptPendingShares($recipient);
		$id = $this->dav()->fileId($owner, 'Shared photos/beach.jpg');
		$this->assertSame($id, $this->dav()->fileId($recipient, 'Shared photos/beach.jpg'), 'the recipient sees the same file');

		$forOwner = $this->ocs('GET', $owner, "/files/$id");
		$this->assertSame(200, $forOwner['status']);
		$target = $forOwner['data']['targets'][0];
		$this->assertSame(['replicated', 'Family USB', 3000, hash('sha256', str_repeat('b', 3000))],
			[$target['state'], $target['name'], $target['size'], $target['checksum']]);
		$this->assertIsInt($target['replicatedAt']);
		$this->assertArrayNotHasKey('path', $target);

		$forRecipient = $this->ocs('GET', $recipient, "/files/$id");
		$this->assertSame(200, $forRecipient['status']);
		$this->assertSame($forOwner['data']['targets'], $forRecipient['data']['targets'], 'the recipient sees the owner\'s mirror state');
		$this->assertSame('replicated', $forRecipient['data']['state']);

		$forStranger = $this->ocs('GET', $stranger, "/files/$id");
		$this->assertSame(404, $forStranger['status']);
		$this->assertSame(404, $this->ocs('GET', $stranger, '/files/999999999')['status'], 'same answer as for an id that does not exist');
		$this->assertStringNotContainsString('beach', json_encode($forStranger));
		$this->assertSame(404, $this->ocs('POST', $stranger, "/files/$id/retry")['status']);

		// the recipient's listing of the share carries the states too
		$this->assertSame(['beach.jpg' => 'replicated', 'pending.jpg' => 'pending'], $this->statesIn($recipient, 'Shared photos'));

		// visitors of a public link see no mirror state, and the API does not answer them
		$link = $this->dav()->request('POST', self::nc()->url() . '/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json', $owner,
			['OCS-APIRequest' => 'true', 'Content-Type' => 'application/x-www-form-urlencoded'],
			http_build_query(['path' => '/Shared photos', 'shareType' => 3]))->expect(200);
		$token = json_decode($link->body, true)['ocs']['data']['token'];
		$public = $this->anonymous('PROPFIND', '/public.php/dav/files/' . $token . '/', ['Depth: 1', 'Content-Type: application/xml'],
			'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:nc="http://nextcloud.org/ns"><d:prop><nc:mirror-status/><d:getetag/></d:prop></d:propfind>');
		$this->assertSame(207, $public['status']);
		$this->assertStringContainsString('beach.jpg', $public['body']);
		$this->assertDoesNotMatchRegularExpression('#<nc:mirror-status>[a-z]+</nc:mirror-status>#', $public['body']);
		$this->assertSame(401, $this->anonymous('GET', "/ocs/v2.php/apps/mirror/api/v1/files/$id?format=json", ['OCS-APIRequest: true'])['status']);

		// a folder: counts of its files by state
		$folder = $this->ocs('GET', $recipient, '/files/' . $this->dav()->fileId($recipient, 'Shared photos'))['data'];
		$this->assertSame('folder', $folder['type']);
		$this->assertSame(['files' => 2, 'replicated' => 1, 'pending' => 1, 'failed' => 0], array_slice($folder['folder'], 0, 4));
		$this->assertSame('Family USB', $folder['folder']['targets'][0]['name']);
	}

	public function testTheFilesPageLoadsTheInitScriptAndTheSettingsPageItsTotals(): void {
		$uid = $this->user('page-user');
		$this->newTarget('Page USB');
		$this->dav()->put($uid, 'one.txt', '1');
		$this->dav()->put($uid, 'two.txt', '2');
		$this->processOk();
		$this->dav()->put($uid, 'three.txt', '3');

		$files = $this->page($uid, '/index.php/apps/files/');
		$this->assertSame(200, $files->status);
		$this->assertMatchesRegularExpression('#<script[^>]+src="[^"]*/mirror/js/mirror-init\.js[^"]*"#', $files->body);
		preg_match('#src="([^"]*/mirror/js/mirror-init\.js)[^"]*"#', $files->body, $m);
		$script = $this->page($uid, $m[1]);
		$this->assertSame(200, $script->status, 'the router serves the built init script');
		$this->assertLessThan(20 * 1024, strlen($script->body), 'the script Files loads on every page stays small');

		$settings = $this->page($uid, '/index.php/settings/user/mirror');
		$this->assertSame(200, $settings->status);
		$this->assertStringContainsString('id="mirror-personal-settings"', $settings->body);
		$this->assertMatchesRegularExpression('#mirror/js/mirror-personal-settings\.js#', $settings->body);
		$this->assertSame(1, preg_match('#id="initial-state-mirror-personal-status" value="([^"]+)"#', $settings->body, $state));
		$totals = json_decode(base64_decode($state[1]), true);
		$this->assertSame('Page USB', $totals['targets'][0]['name']);
		$this->assertSame([3, 2, 1, 0], [$totals['targets'][0]['files'], $totals['targets'][0]['replicated'], $totals['targets'][0]['pending'], $totals['targets'][0]['failed']]);
		$this->assertSame('three.txt', $totals['targets'][0]['oldestPending']['path']);
		$this->assertArrayNotHasKey('path', $totals['targets'][0]);

		$api = $this->ocs('GET', $uid, '/personal');
		$this->assertSame($totals, $api['data']);
	}

	// ------------------------------------------------------------------ helpers

	/**
	 * The mirror-status of each entry of a folder listing (one PROPFIND Depth 1), by name; entries
	 * without the property are left out.
	 *
	 * @param list<string>|null $only names to keep
	 * @return array<string, string>
	 */
	private function statesIn(string $uid, string $folder, ?array $only = null): array {
		$listing = $this->dav()->propfind($uid, $folder, 1, [self::STATUS, '{DAV:}resourcetype']);
		$states = [];
		foreach ($listing as $href => $props) {
			$name = basename(rtrim($href, '/'));
			if (isset($props[self::STATUS]) && ($only === null || in_array($name, $only, true))) {
				$states[$name] = $props[self::STATUS];
			}
		}
		ksort($states);
		return $states;
	}

	/**
	 * One PROPFIND Depth 1 with Nextcloud's query log on: the states, the number of queries on
	 * each mirror table, the time it took.
	 *
	 * @return array{0: array<string, string>, 1: array<string, int>, 2: float}
	 */
	private function measuredListing(string $uid, string $folder): array {
		$log = self::nc()->base . '/queries.log';
		@unlink($log);
		$this->occOk(['config:system:set', 'query_log_file', '--value=' . $log]);
		$offset = (int)@filesize($log);
		$start = microtime(true);
		$states = $this->statesIn($uid, $folder);
		$seconds = microtime(true) - $start;
		$queries = substr((string)file_get_contents($log), $offset);
		$this->occOk(['config:system:delete', 'query_log_file']);
		$counts = [];
		foreach (['oc_mirror_queue', 'oc_mirror_replicas', 'oc_mirror_targets'] as $table) {
			$counts[$table] = preg_match_all('/\b' . $table . '\b/', $queries);
		}
		return [$states, $counts, $seconds];
	}

	/**
	 * An OCS call of the app's user API, as the Files sidebar makes it.
	 *
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $method, string $uid, string $path): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$body = json_decode($r->body, true);
		return ['status' => $r->status, 'data' => $body['ocs']['data'] ?? null];
	}

	/**
	 * A request without any credentials.
	 *
	 * @param list<string> $headers
	 * @return array{status: int, body: string}
	 */
	private function anonymous(string $method, string $path, array $headers, ?string $body = null): array {
		$ch = curl_init(self::nc()->url() . $path);
		curl_setopt_array($ch, [CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => $headers]);
		if ($body !== null) {
			curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
		}
		$response = (string)curl_exec($ch);
		$status = (int)curl_getinfo($ch, CURLINFO_HTTP_CODE);
		curl_close($ch);
		return ['status' => $status, 'body' => $response];
	}

	private function page(string $uid, string $path): Harness\DavResponse {
		return $this->dav()->request('GET', self::nc()->url() . $path, $uid);
	}
}
