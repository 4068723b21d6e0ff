<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Exports;

/**
 * One folder the server shares over the network, as its configuration file says: an `/etc/exports`
 * line (NFS) or a share of Samba's `smb.conf`.
 */
final class Export {
	public const NFS = 'nfs';
	public const SAMBA = 'samba';

	/**
	 * @param self::NFS|self::SAMBA $kind
	 * @param string $path the exported folder, as written
	 * @param bool $writable whether some client may write to it
	 * @param string $file the file it is in
	 * @param string $entry what the file says: the exports line, or "[share] path = …"
	 * @param string $fix the same, read-only: the one-line fix
	 */
	public function __construct(
		public readonly string $kind,
		public readonly string $path,
		public readonly bool $writable,
		public readonly string $file,
		public readonly string $entry,
		public readonly string $fix,
	) {
	}
}
