<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * The harness itself against the real server, before any mirror behaviour: when these fail, the scenario
 * failures that follow say nothing about the app.
 */
final class ServerHarnessTest extends IntegrationTestCase {
	public function testAppIsEnabledFromTheExtraAppsFolder(): void {
		$r = $this->occOk(['app:list', '--output=json']);
		$apps = $r->json();
		$this->assertArrayHasKey('mirror', $apps['enabled'] ?? [], 'mirror should be enabled: ' . $r->stdout);
		$this->assertStringContainsString('mirror:target:add', $this->occOk(['list', 'mirror'])->stdout);
	}

	public function testWebDavPutChunkedUploadAndCronWork(): void {
		$uid = $this->user('harness');
		$this->dav()->put($uid, 'hello.txt', "hello\n", 1_500_000_000);
		$this->assertSame("hello\n", file_get_contents($this->sourcePath($uid, 'hello.txt')));
		$this->assertSame(1_500_000_000, $this->nextcloudMtime($uid, 'hello.txt'));

		$local = self::makeFile($this->scratchDir('chunks') . '/big.bin', 3 * 1024 * 1024 + 17);
		$chunks = $this->dav()->chunkedUpload($uid, 'big.bin', $local, 1024 * 1024);
		$this->assertSame(4, $chunks);
		$this->assertSame(hash_file('sha256', $local), hash_file('sha256', $this->sourcePath($uid, 'big.bin')));

		$this->cron([]);
	}

	public function testAppStaticFilesAreServedThroughTheRouter(): void {
		$ch = curl_init(self::nc()->url() . '/mirror-it-apps/mirror/appinfo/info.xml');
		curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true]);
		$body = curl_exec($ch);
		$code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
		curl_close($ch);
		$this->assertSame(200, $code);
		$this->assertStringContainsString('<id>mirror</id>', (string)$body);
	}
}
