<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * The lib/ folders (files, lines) and which folder imports which, with the pairs that import each
 * other. `php tools/imports.php [--files]`: --files names the importing files of each edge.
 */

require_once dirname(__DIR__) . '/tests/Unit/FolderImports.php';

use OCA\Mirror\Tests\Unit\FolderImports;

$withFiles = in_array('--files', $argv, true);

echo "| folder | files | lines |\n|---|---|---|\n";
$files = 0;
$lines = 0;
foreach (FolderImports::table() as $folder => $row) {
	echo "| {$folder} | {$row['files']} | {$row['lines']} |\n";
	$files += $row['files'];
	$lines += $row['lines'];
}
echo "| total | {$files} | {$lines} |\n\nimports (folder -> folders it uses):\n";
foreach (FolderImports::edges() as $from => $targets) {
	if ($withFiles) {
		foreach ($targets as $to => $paths) {
			echo "  {$from} -> {$to}: " . implode(', ', $paths) . "\n";
		}
	} else {
		echo "  {$from} -> " . implode(', ', array_keys($targets)) . "\n";
	}
}
echo "\ntwo-way imports:\n";
foreach (FolderImports::twoWay() as $pair) {
	echo "  {$pair}\n";
}
echo "\nlonger cycles (folders that reach each other through others; AppInfo, the composition root, left out):\n";
foreach (FolderImports::cycles(['AppInfo']) as $group) {
	echo '  ' . implode(', ', $group) . "\n";
}
