<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// What leaving things out costs a reconcile per file: 100,000 paths against the default patterns, two
// .nomirror folders and a size limit (php bench/exclusions-match.php).

require dirname(__DIR__) . '/vendor/autoload.php';

use OCA\Mirror\Source\Exclusion\ExclusionRules;
use OCA\Mirror\Source\Exclusion\NoMirrorFolders;
use OCA\Mirror\Source\Exclusion\Pattern;

$rules = new ExclusionRules(array_map([Pattern::class, 'parse'], ExclusionRules::DEFAULT_PATTERNS), [], [], 2 * 1024 ** 3);
$folders = ['Films', 'Photos/Cache'];
$paths = [];
for ($i = 0; $i < 100000; $i++) {
	$paths[] = 'Photos/2026/' . ($i % 12) . '/IMG_' . $i . ($i % 100 === 0 ? '.tmp' : '.jpg');
}
$start = hrtime(true);
$leftOut = 0;
foreach ($paths as $path) {
	if (NoMirrorFolders::holding($folders, $path) !== null || $rules->patternFor($path) !== null || $rules->tooLarge(1000)) {
		$leftOut++;
	}
}
printf("100000 paths: %.3f s, %d left out\n", (hrtime(true) - $start) / 1e9, $leftOut);
