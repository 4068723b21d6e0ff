<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/**
 * Router for PHP's built-in web server running a throwaway Nextcloud instance.
 *
 * The server's docroot is the read-only Nextcloud tree; apps living in the instance's extra apps folder
 * (MIRROR_IT_APPS_PATH, published under the URL MIRROR_IT_APPS_URL in `apps_paths`) are not below the
 * docroot, so their static files (js, css, img) are served from disk here. Everything else: return false
 * and let the built-in server handle it (static files of the tree, or the PHP entry points with PATH_INFO).
 */

$appsPath = getenv('MIRROR_IT_APPS_PATH') ?: '';
$appsUrl = rtrim(getenv('MIRROR_IT_APPS_URL') ?: '', '/');
$uri = rawurldecode((string)parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH));

if ($appsPath === '' || $appsUrl === '' || !str_starts_with($uri, $appsUrl . '/')) {
	return false;
}

$relative = substr($uri, strlen($appsUrl) + 1);
$file = realpath($appsPath . '/' . $relative);
$app = explode('/', $relative, 2)[0];
$appRoot = realpath($appsPath . '/' . $app);
if ($file === false || $appRoot === false || !is_file($file) || !str_starts_with($file, $appRoot . '/')
	|| str_ends_with($file, '.php')) {
	http_response_code(404);
	return true;
}

$types = [
	'js' => 'text/javascript', 'mjs' => 'text/javascript', 'css' => 'text/css', 'map' => 'application/json',
	'json' => 'application/json', 'svg' => 'image/svg+xml', 'png' => 'image/png', 'jpg' => 'image/jpeg',
	'gif' => 'image/gif', 'webp' => 'image/webp', 'woff' => 'font/woff', 'woff2' => 'font/woff2',
	'ttf' => 'font/ttf', 'html' => 'text/html', 'txt' => 'text/plain',
];
$ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
header('Content-Length: ' . filesize($file));
readfile($file);
return true;
