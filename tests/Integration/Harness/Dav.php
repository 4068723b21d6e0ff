<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * The WebDAV / OCS calls clients make, over real HTTP against the instance's web server.
 * Paths are relative to the user's files root ("Photos/a.jpg").
 */
final class Dav {
	public function __construct(
		private Instance $nc,
	) {
	}

	public function filesUrl(string $uid, string $path = ''): string {
		return $this->nc->url() . '/remote.php/dav/files/' . rawurlencode($uid) . '/' . self::encodePath($path);
	}

	public static function encodePath(string $path): string {
		return implode('/', array_map('rawurlencode', explode('/', trim($path, '/'))));
	}

	// ---------------------------------------------------------------- plain requests

	/**
	 * @param array<string,string> $headers
	 * @param string|resource|null $body a string, or an open file handle to stream from
	 */
	public function request(string $method, string $url, string $uid, array $headers = [], mixed $body = null, ?int $bodySize = null): DavResponse {
		$ch = curl_init($url);
		$responseHeaders = [];
		$opts = [
			CURLOPT_CUSTOMREQUEST => $method,
			CURLOPT_USERPWD => $uid . ':' . $this->nc->password($uid),
			CURLOPT_HTTPAUTH => CURLAUTH_BASIC,
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_TIMEOUT => 900,
			CURLOPT_HEADERFUNCTION => static function ($ch, string $line) use (&$responseHeaders): int {
				$parts = explode(':', $line, 2);
				if (count($parts) === 2) {
					$responseHeaders[strtolower(trim($parts[0]))] = trim($parts[1]);
				}
				return strlen($line);
			},
		];
		$headers += ['Expect' => ''];
		if (is_resource($body)) {
			$opts[CURLOPT_UPLOAD] = true;
			$opts[CURLOPT_INFILE] = $body;
			$opts[CURLOPT_INFILESIZE] = $bodySize ?? fstat($body)['size'];
			$opts[CURLOPT_CUSTOMREQUEST] = $method;
		} elseif ($body !== null) {
			$opts[CURLOPT_POSTFIELDS] = $body;
		}
		$opts[CURLOPT_HTTPHEADER] = array_map(static fn ($k, $v) => "$k: $v", array_keys($headers), $headers);
		curl_setopt_array($ch, $opts);
		$responseBody = curl_exec($ch);
		if ($responseBody === false) {
			$error = curl_error($ch);
			curl_close($ch);
			throw new \RuntimeException("$method $url failed: $error");
		}
		$status = curl_getinfo($ch, CURLINFO_HTTP_CODE);
		curl_close($ch);
		return new DavResponse($method, $url, $status, $responseHeaders, (string)$responseBody);
	}

	/** Uploads CONTENT with a plain PUT; with $mtime the way desktop and web clients send it (X-OC-MTime). */
	public function put(string $uid, string $path, string $content, ?int $mtime = null): DavResponse {
		$headers = ['Content-Type' => 'application/octet-stream'];
		if ($mtime !== null) {
			$headers['X-OC-MTime'] = (string)$mtime;
		}
		return $this->request('PUT', $this->filesUrl($uid, $path), $uid, $headers, $content)->expect(201, 204);
	}

	/** Streams a local file with a plain PUT. */
	public function putFile(string $uid, string $path, string $localFile, ?int $mtime = null): DavResponse {
		$headers = ['Content-Type' => 'application/octet-stream'];
		if ($mtime !== null) {
			$headers['X-OC-MTime'] = (string)$mtime;
		}
		$h = fopen($localFile, 'r');
		try {
			return $this->request('PUT', $this->filesUrl($uid, $path), $uid, $headers, $h, filesize($localFile))->expect(201, 204);
		} finally {
			fclose($h);
		}
	}

	public function get(string $uid, string $path): string {
		return $this->request('GET', $this->filesUrl($uid, $path), $uid)->expect(200)->body;
	}

	public function mkcol(string $uid, string $path): DavResponse {
		return $this->request('MKCOL', $this->filesUrl($uid, $path), $uid)->expect(201);
	}

	/** MKCOL for every missing folder of PATH. */
	public function mkdirs(string $uid, string $path): void {
		$current = '';
		foreach (explode('/', trim($path, '/')) as $segment) {
			$current = ltrim($current . '/' . $segment, '/');
			$r = $this->request('MKCOL', $this->filesUrl($uid, $current), $uid);
			if ($r->status !== 201 && $r->status !== 405) { // 405: exists already
				$r->expect(201);
			}
		}
	}

	public function move(string $uid, string $from, string $to, bool $overwrite = true): DavResponse {
		return $this->request('MOVE', $this->filesUrl($uid, $from), $uid, [
			'Destination' => $this->filesUrl($uid, $to),
			'Overwrite' => $overwrite ? 'T' : 'F',
		])->expect(201, 204);
	}

	public function copy(string $uid, string $from, string $to, bool $overwrite = true): DavResponse {
		return $this->request('COPY', $this->filesUrl($uid, $from), $uid, [
			'Destination' => $this->filesUrl($uid, $to),
			'Overwrite' => $overwrite ? 'T' : 'F',
		])->expect(201, 204);
	}

	public function delete(string $uid, string $path): DavResponse {
		return $this->request('DELETE', $this->filesUrl($uid, $path), $uid)->expect(204);
	}

	/**
	 * PROPFIND; returns href => [prop name => value] (names as "{namespace}local").
	 *
	 * @param list<string> $props e.g. ['{DAV:}getlastmodified', '{http://owncloud.org/ns}fileid']
	 * @return array<string, array<string,string>>
	 */
	public function propfind(string $uid, string $path, int $depth = 0, array $props = [], ?string $url = null): array {
		$xml = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">';
		if ($props === []) {
			$xml .= '<d:allprop/>';
		} else {
			$xml .= '<d:prop>';
			foreach ($props as $i => $prop) {
				[$ns, $local] = self::splitProp($prop);
				$xml .= "<x$i:$local xmlns:x$i=\"$ns\"/>";
			}
			$xml .= '</d:prop>';
		}
		$xml .= '</d:propfind>';
		$r = $this->request('PROPFIND', $url ?? $this->filesUrl($uid, $path), $uid,
			['Depth' => (string)$depth, 'Content-Type' => 'application/xml'], $xml)->expect(207);
		return self::parseMultistatus($r->body);
	}

	/** @return array{0:string,1:string} */
	private static function splitProp(string $prop): array {
		if (preg_match('/^\{([^}]*)\}(.+)$/', $prop, $m)) {
			return [$m[1], $m[2]];
		}
		return ['DAV:', $prop];
	}

	/** @return array<string, array<string,string>> */
	private static function parseMultistatus(string $body): array {
		$doc = new \DOMDocument();
		$doc->loadXML($body);
		$result = [];
		foreach ($doc->getElementsByTagNameNS('DAV:', 'response') as $response) {
			$href = rawurldecode($response->getElementsByTagNameNS('DAV:', 'href')->item(0)->textContent);
			$props = [];
			foreach ($response->getElementsByTagNameNS('DAV:', 'propstat') as $propstat) {
				$status = $propstat->getElementsByTagNameNS('DAV:', 'status')->item(0)?->textContent ?? '';
				if (!str_contains($status, ' 200 ')) {
					continue;
				}
				foreach ($propstat->getElementsByTagNameNS('DAV:', 'prop')->item(0)->childNodes as $node) {
					if ($node instanceof \DOMElement) {
						$props['{' . $node->namespaceURI . '}' . $node->localName] = $node->textContent;
					}
				}
			}
			$result[$href] = $props;
		}
		return $result;
	}

	public function fileId(string $uid, string $path): int {
		$props = $this->propfind($uid, $path, 0, ['{http://owncloud.org/ns}fileid']);
		return (int)(reset($props)['{http://owncloud.org/ns}fileid'] ?? 0);
	}

	// ---------------------------------------------------------------- chunked upload v2

	/**
	 * Chunked upload (the v2 protocol of the desktop/web clients): MKCOL uploads/<uid>/<id> with a
	 * Destination header, PUT numbered chunks with the same Destination, then MOVE .file onto the destination.
	 *
	 * @return int number of chunks sent
	 */
	public function chunkedUpload(string $uid, string $path, string $localFile, int $chunkSize = 5 * 1024 * 1024, ?int $mtime = null): int {
		$destination = $this->filesUrl($uid, $path);
		$uploadUrl = $this->nc->url() . '/remote.php/dav/uploads/' . rawurlencode($uid) . '/mirror-it-' . bin2hex(random_bytes(8));
		$size = filesize($localFile);
		$this->request('MKCOL', $uploadUrl, $uid, ['Destination' => $destination, 'OC-Total-Length' => (string)$size])->expect(201);

		$h = fopen($localFile, 'r');
		$chunks = 0;
		try {
			for ($offset = 0; $offset < $size; $offset += $chunkSize) {
				$chunks++;
				$data = stream_get_contents($h, $chunkSize, $offset);
				$this->request('PUT', $uploadUrl . '/' . $chunks, $uid, [
					'Destination' => $destination,
					'OC-Total-Length' => (string)$size,
					'Content-Type' => 'application/octet-stream',
				], $data)->expect(201, 204);
			}
		} finally {
			fclose($h);
		}
		$headers = ['Destination' => $destination, 'OC-Total-Length' => (string)$size];
		if ($mtime !== null) {
			$headers['X-OC-MTime'] = (string)$mtime;
		}
		$this->request('MOVE', $uploadUrl . '/.file', $uid, $headers)->expect(201, 204);
		return $chunks;
	}

	// ---------------------------------------------------------------- trash bin

	/**
	 * Items in the user's trash bin: trash name ("a.txt.d1712345678") => original location ("Docs/a.txt").
	 *
	 * @return array<string,string>
	 */
	public function trashItems(string $uid): array {
		$url = $this->nc->url() . '/remote.php/dav/trashbin/' . rawurlencode($uid) . '/trash/';
		$items = $this->propfind($uid, '', 1, ['{http://nextcloud.org/ns}trashbin-original-location'], $url);
		$result = [];
		foreach ($items as $href => $props) {
			$name = basename(rtrim($href, '/'));
			if ($name === 'trash' || !isset($props['{http://nextcloud.org/ns}trashbin-original-location'])) {
				continue;
			}
			$result[$name] = $props['{http://nextcloud.org/ns}trashbin-original-location'];
		}
		return $result;
	}

	/** Restores the most recently deleted trash item whose original location is PATH. */
	public function restoreFromTrash(string $uid, string $path): DavResponse {
		$candidates = array_keys(array_filter($this->trashItems($uid), static fn (string $orig) => trim($orig, '/') === trim($path, '/')));
		if ($candidates === []) {
			throw new \RuntimeException("'$path' is not in $uid's trash bin");
		}
		rsort($candidates, SORT_NATURAL);
		$trashName = $candidates[0];
		$base = $this->nc->url() . '/remote.php/dav/trashbin/' . rawurlencode($uid);
		return $this->request('MOVE', $base . '/trash/' . rawurlencode($trashName), $uid, [
			'Destination' => $base . '/restore/' . rawurlencode(basename($path)),
		])->expect(201, 204);
	}

	// ---------------------------------------------------------------- sharing (OCS)

	/**
	 * Shares OWNER's file or folder with another user (files_sharing OCS API). Returns the share's data.
	 *
	 * @return array<string,mixed>
	 */
	public function shareWithUser(string $owner, string $path, string $shareWith, int $permissions = 31): array {
		$r = $this->request('POST', $this->nc->url() . '/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json', $owner, [
			'OCS-APIRequest' => 'true',
			'Content-Type' => 'application/x-www-form-urlencoded',
		], http_build_query(['path' => '/' . trim($path, '/'), 'shareType' => 0, 'shareWith' => $shareWith, 'permissions' => $permissions]))->expect(200);
		$data = json_decode($r->body, true);
		return $data['ocs']['data'] ?? throw new \RuntimeException('Unexpected OCS answer: ' . $r->body);
	}

	/**
	 * Accepts pending shares of UID (when the instance does not accept them by default).
	 */
	public function acceptPendingShares(string $uid): void {
		$r = $this->request('GET', $this->nc->url() . '/ocs/v2.php/apps/files_sharing/api/v1/shares/pending?format=json', $uid,
			['OCS-APIRequest' => 'true'])->expect(200);
		foreach (json_decode($r->body, true)['ocs']['data'] ?? [] as $share) {
			$this->request('POST', $this->nc->url() . '/ocs/v2.php/apps/files_sharing/api/v1/shares/pending/' . $share['id'] . '?format=json', $uid,
				['OCS-APIRequest' => 'true'])->expect(200);
		}
	}
}
