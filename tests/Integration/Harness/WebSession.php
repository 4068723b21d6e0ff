<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * A browser's session: cookies from Nextcloud's login form, requests without the password in them
 * (the Dav client sends it with every request, which Nextcloud counts as a fresh confirmation).
 *
 * A session the login form just opened counts as confirmed (the login itself); one restored from the
 * "remember me" cookies (the browser reopened the next day) does not: restored() gives that one, the
 * session a password dialog is for.
 */
final class WebSession {
	private string $jar;

	private function __construct(
		private readonly Instance $nc,
	) {
		$this->jar = (string)tempnam(sys_get_temp_dir(), 'mirror-cookies');
	}

	public function __destruct() {
		@unlink($this->jar);
	}

	/** Logged in through the login form. */
	public static function loggedIn(Instance $nc, string $uid): self {
		$session = new self($nc);
		$base = $nc->url();
		[, $page] = $session->request('GET', $base . '/index.php/login');
		preg_match('/data-requesttoken="([^"]+)"/', $page, $m);
		$token = html_entity_decode($m[1] ?? '');
		$origin = parse_url($base, PHP_URL_SCHEME) . '://' . parse_url($base, PHP_URL_HOST) . (parse_url($base, PHP_URL_PORT) === null ? '' : ':' . parse_url($base, PHP_URL_PORT));
		[$status] = $session->request('POST', $base . '/index.php/login',
			http_build_query(['user' => $uid, 'password' => $nc->password($uid), 'requesttoken' => $token, 'timezone' => 'UTC', 'timezone_offset' => '0']),
			['Origin: ' . $origin, 'Content-Type: application/x-www-form-urlencoded']);
		if ($status !== 303) {
			throw new \RuntimeException('the login form answered ' . $status);
		}
		return $session;
	}

	/**
	 * Logged in through the login form, then the browser closed (its session cookies dropped: the
	 * session's and its passphrase's): the next request opens a new session from the "remember me"
	 * cookies, with no password confirmed in it.
	 */
	public static function restored(Instance $nc, string $uid): self {
		$session = self::loggedIn($nc, $uid);
		$lines = file($session->jar, FILE_IGNORE_NEW_LINES) ?: [];
		$kept = array_filter($lines, static function (string $line): bool {
			$fields = explode("\t", $line);
			// a cookie line: domain, subdomains, path, secure, expiry (0 for a session cookie), name, value
			return count($fields) < 7 || $fields[4] !== '0';
		});
		if (count($kept) === count($lines)) {
			throw new \RuntimeException('no session cookie to drop in ' . implode("\n", $lines));
		}
		file_put_contents($session->jar, implode("\n", $kept) . "\n");
		return $session;
	}

	/**
	 * An OCS call of Mirror's API (`api/v1/…`), JSON in and out.
	 *
	 * @param array<string, mixed>|null $json
	 * @return array{0: int, 1: string} status, body
	 */
	public function ocs(string $method, string $path, ?array $json = null): array {
		$headers = ['OCS-APIRequest: true', 'Accept: application/json'];
		if ($json !== null) {
			$headers[] = 'Content-Type: application/json';
		}
		return $this->request($method, $this->nc->url() . '/ocs/v2.php/apps/mirror/api/v1/' . $path . (str_contains($path, '?') ? '&' : '?') . 'format=json',
			$json === null ? null : (string)json_encode($json), $headers);
	}

	/**
	 * Confirms the password as the password dialog does (POST /login/confirm).
	 *
	 * @return int the status: 200 confirmed, 403 a wrong password
	 */
	public function confirmPassword(string $password): int {
		[$status] = $this->request('POST', $this->nc->url() . '/index.php/login/confirm', (string)json_encode(['password' => $password]),
			['Content-Type: application/json', 'Accept: application/json']);
		return $status;
	}

	/**
	 * @param list<string> $headers
	 * @return array{0: int, 1: string} status, body
	 */
	public function request(string $method, string $url, ?string $body = null, array $headers = []): array {
		$ch = curl_init($url);
		curl_setopt_array($ch, [CURLOPT_COOKIEJAR => $this->jar, CURLOPT_COOKIEFILE => $this->jar, CURLOPT_RETURNTRANSFER => true,
			CURLOPT_FOLLOWLOCATION => false, CURLOPT_CUSTOMREQUEST => $method, CURLOPT_HTTPHEADER => $headers, CURLOPT_TIMEOUT => 300]
			+ ($body === null ? [] : [CURLOPT_POSTFIELDS => $body]));
		$answer = (string)curl_exec($ch);
		$status = (int)curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
		curl_close($ch);
		return [$status, $answer];
	}
}
