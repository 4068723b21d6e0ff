<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * A tiny SMTP server for tests: accepts every message on 127.0.0.1:PORT and appends it (headers and
 * body, as sent) to OUTFILE, one message after another. No TLS, no authentication. PORT 0: a free port,
 * chosen by the system (no clash with a port in use); the first line says which ("listening 41234").
 *
 *   php smtp-sink.php PORT OUTFILE
 */

[, $port, $out] = $argv + [null, null, null];
if (!ctype_digit((string)$port) || !is_string($out)) {
	fwrite(STDERR, "usage: smtp-sink.php PORT OUTFILE\n");
	exit(2);
}
$server = @stream_socket_server('tcp://127.0.0.1:' . $port, $errno, $error);
if ($server === false) {
	fwrite(STDERR, "smtp-sink: cannot listen on $port: $error\n");
	exit(1);
}
$name = (string)stream_socket_get_name($server, false);
fwrite(STDOUT, 'listening ' . substr($name, strrpos($name, ':') + 1) . "\n");
while (true) {
	$client = @stream_socket_accept($server, -1);
	if ($client === false) {
		continue;
	}
	$say = static function (string $line) use ($client): void {
		fwrite($client, $line . "\r\n");
	};
	$say('220 sink ESMTP');
	$message = null;
	while (($line = fgets($client)) !== false) {
		if ($message !== null) {
			if (rtrim($line, "\r\n") === '.') {
				file_put_contents($out, $message . "\n=====\n", FILE_APPEND | LOCK_EX);
				$message = null;
				$say('250 queued');
			} else {
				$message .= str_starts_with($line, '..') ? substr($line, 1) : $line;
			}
			continue;
		}
		$verb = strtoupper(substr(trim($line), 0, 4));
		match ($verb) {
			'EHLO' => $say("250-sink\r\n250 8BITMIME"),
			'HELO' => $say('250 sink'),
			'DATA' => (function () use ($say, &$message): void {
				$message = '';
				$say('354 go ahead');
			})(),
			'QUIT' => $say('221 bye'),
			default => $say('250 ok'),
		};
		if ($verb === 'QUIT') {
			break;
		}
	}
	fclose($client);
}
