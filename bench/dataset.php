<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * The data set of `make bench` and `make bench-pi` (bench.php, pi.php): phone photos in monthly folders and a
 * few large videos, random bytes with mtimes in the past; and the comparison of a copied tree with it.
 */

const DATASET_MIB = 1048576;

/**
 * Random (incompressible) files: photos spread over monthly folders, a few large videos. Each with an
 * mtime in the past, which the upload sends (X-OC-MTime) and every copy must keep.
 *
 * @return array{photos:list<array>,large:list<array>,bytes:array{photos:int,large:int}}
 */
function generateDataset(string $dir, array $cfg): array {
	$set = ['photos' => [], 'large' => [], 'bytes' => ['photos' => 0, 'large' => 0]];
	$base = mktime(12, 0, 0, 1, 1, 2024);
	$perFolder = 250;
	for ($i = 0; $i < $cfg['photos']; $i++) {
		$path = sprintf('Photos/%04d-%02d/IMG_%05d.jpg', 2024 + intdiv(intdiv($i, $perFolder), 12), intdiv($i, $perFolder) % 12 + 1, $i + 1);
		$size = random_int($cfg['photoMinKB'] * 1024, $cfg['photoMaxKB'] * 1024);
		$data = random_bytes($size);
		$mtime = $base + $i * 600 + random_int(0, 599);
		$set['photos'][] = writeFile($dir, $path, $data, $mtime);
		$set['bytes']['photos'] += $size;
	}
	for ($i = 0; $i < $cfg['large']; $i++) {
		$path = sprintf('Videos/VID_%04d.mp4', $i + 1);
		$local = $dir . '/' . $path;
		@mkdir(dirname($local), 0755, true);
		$h = fopen($local, 'wb');
		$hash = hash_init('sha256');
		for ($left = $cfg['largeMB'] * DATASET_MIB; $left > 0; $left -= strlen($chunk)) {
			$chunk = random_bytes(min(4 * DATASET_MIB, $left));
			fwrite($h, $chunk);
			hash_update($hash, $chunk);
		}
		fclose($h);
		$mtime = $base + 86400 * ($i + 1);
		touch($local, $mtime);
		$set['large'][] = ['path' => $path, 'local' => $local, 'size' => $cfg['largeMB'] * DATASET_MIB, 'mtime' => $mtime, 'sha256' => hash_final($hash)];
		$set['bytes']['large'] += $cfg['largeMB'] * DATASET_MIB;
	}
	return $set;
}

function writeFile(string $dir, string $path, string $data, int $mtime): array {
	$local = $dir . '/' . $path;
	if (!is_dir(dirname($local))) {
		mkdir(dirname($local), 0755, true);
	}
	file_put_contents($local, $data);
	touch($local, $mtime);
	return ['path' => $path, 'local' => $local, 'size' => strlen($data), 'mtime' => $mtime, 'sha256' => hash('sha256', $data)];
}

/**
 * Compares a copied tree with the data set: the same set of files (nothing missing, nothing extra such as
 * a leftover temporary file), each with the same size and mtime and, with $hashAll, the same sha256;
 * otherwise the sha256 of every 20th file.
 *
 * @return array{files:int,hashed:int,problems:list<string>}
 */
function verifyTree(string $root, array $dataset, bool $hashAll): array {
	$expected = [];
	foreach (array_merge($dataset['photos'], $dataset['large']) as $f) {
		$expected[$f['path']] = $f;
	}
	$found = [];
	if (is_dir($root)) {
		$it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
		foreach ($it as $file) {
			/** @var \SplFileInfo $file */
			if (!$file->isDir()) {
				$found[substr($file->getPathname(), strlen($root) + 1)] = $file;
			}
		}
	}
	$problems = [];
	$hashed = 0;
	$i = 0;
	foreach ($expected as $path => $f) {
		if (!isset($found[$path])) {
			$problems[] = "missing: $path";
			continue;
		}
		$file = $found[$path];
		unset($found[$path]);
		if ($file->getSize() !== $f['size']) {
			$problems[] = "size differs: $path ({$file->getSize()} != {$f['size']})";
			continue;
		}
		if ($file->getMTime() !== $f['mtime']) {
			$problems[] = "mtime differs: $path ({$file->getMTime()} != {$f['mtime']})";
		}
		if ($hashAll || $i++ % 20 === 0 || $f['size'] > 10 * DATASET_MIB) {
			$hashed++;
			if (hash_file('sha256', $file->getPathname()) !== $f['sha256']) {
				$problems[] = "content differs (sha256): $path";
			}
		}
	}
	foreach (array_keys($found) as $path) {
		$problems[] = "unexpected file: $path";
	}
	return ['files' => count($expected), 'hashed' => $hashed, 'problems' => array_slice($problems, 0, 50)];
}

function verdict(array $v): string {
	if ($v['problems'] === []) {
		return sprintf('OK, %d files, %d compared by sha256', $v['files'], $v['hashed']);
	}
	return count($v['problems']) . " PROBLEMS:\n  " . implode("\n  ", array_slice($v['problems'], 0, 10));
}
