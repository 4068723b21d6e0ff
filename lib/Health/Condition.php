<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\ResponseDefinitions;

/**
 * Something about a target that people must know: it is offline, full or filling, files fail, the
 * queue lags, or verify found damaged copies. Holds the numbers the messages need.
 *
 * @psalm-import-type MirrorCondition from ResponseDefinitions
 */
final class Condition implements \JsonSerializable {
	public const OFFLINE = 'offline';
	public const FULL = 'full';
	public const FILLING = 'filling';
	public const FAILING = 'failing';
	public const LAGGING = 'lagging';
	public const DAMAGED = 'damaged';
	/** an offline drive has had no complete copy for too long: plug it in */
	public const REMINDER = 'reminder';
	/** the drive (or a folder above or inside it) is exported read-write over NFS or Samba */
	public const EXPORTED = 'exported';
	/** drive operations are not race-free where the health check runs (no FFI in the CLI) */
	public const RACE = 'race';
	/** the server the drive is plugged into (its node) has not run Mirror's worker for too long */
	public const NODE_SILENT = 'node_silent';
	/** no full pass of the scheduled check for more than twice its interval (or never, since twice the interval) */
	public const UNCHECKED = 'unchecked';
	/** damaged: what found it (reason): occ mirror:verify, the scheduled check, the read-back after writing (again and again) */
	public const FOUND_VERIFY = 'verify';
	public const FOUND_SCRUB = 'scrub';
	public const FOUND_READ_BACK = 'read_back';

	public const TYPES = [self::OFFLINE, self::FULL, self::FILLING, self::FAILING, self::LAGGING, self::DAMAGED, self::REMINDER, self::EXPORTED, self::RACE, self::NODE_SILENT, self::UNCHECKED];

	/**
	 * @param self::OFFLINE|self::FULL|self::FILLING|self::FAILING|self::LAGGING|self::DAMAGED|self::REMINDER|self::EXPORTED|self::RACE|self::NODE_SILENT|self::UNCHECKED $type
	 * @param int $since when it began (for offline: when the drive was first seen missing; for reminder: the last complete copy)
	 * @param array<string, int|string|list<string>> $details the numbers: freeBytes, totalBytes, daysLeft, count, files, reason, message, days, node
	 *                                                         (exported: reason nfs, samba or nfs_samba; files the export entries, "/etc/exports: /mnt/backup
	 *                                                         *(rw)"; message the one-line fixes, "/etc/exports: /mnt/backup *(ro)")
	 */
	public function __construct(
		public readonly int $targetId,
		public readonly string $targetName,
		public readonly string $type,
		public readonly int $since,
		public readonly array $details = [],
	) {
	}

	public function key(): string {
		return $this->targetId . ':' . $this->type;
	}

	/** An offline drive, or a silent node, is an error: nothing is backed up. Everything else is a warning. */
	public function isError(): bool {
		return $this->type === self::OFFLINE || $this->type === self::NODE_SILENT;
	}

	/**
	 * The order conditions are shown in: errors first, then by target and type.
	 *
	 * @param array<array-key, self> $conditions
	 * @return list<self>
	 */
	public static function sorted(array $conditions): array {
		$list = array_values($conditions);
		usort($list, static fn (self $a, self $b): int => [!$a->isError(), $a->targetId, $a->type] <=> [!$b->isError(), $b->targetId, $b->type]);
		return $list;
	}

	/**
	 * The same condition with other numbers (the notification's text changes, its identity not).
	 */
	public function sameNumbers(self $other): bool {
		return $this->details == $other->details;
	}

	/**
	 * What the health store keeps.
	 *
	 * @return array{targetId: int, targetName: string, type: string, since: int, details: array<string, int|string|list<string>>}
	 */
	public function toArray(): array {
		return ['targetId' => $this->targetId, 'targetName' => $this->targetName, 'type' => $this->type, 'since' => $this->since, 'details' => $this->details];
	}

	/**
	 * @param array<array-key, mixed> $data as toArray() wrote it
	 */
	public static function fromArray(array $data): ?self {
		$type = $data['type'] ?? null;
		if (!in_array($type, self::TYPES, true) || !is_int($data['targetId'] ?? null) || !is_int($data['since'] ?? null)) {
			return null;
		}
		$details = is_array($data['details'] ?? null) ? $data['details'] : [];
		/** @var array<string, int|string|list<string>> $details */
		return new self($data['targetId'], (string)($data['targetName'] ?? ''), $type, $data['since'], $details);
	}

	/**
	 * @return MirrorCondition
	 */
	#[\Override]
	public function jsonSerialize(): array {
		return [
			'targetId' => $this->targetId,
			'targetName' => $this->targetName,
			'type' => $this->type,
			'severity' => $this->isError() ? 'error' : 'warning',
			'since' => $this->since,
			'reason' => $this->text('reason'),
			'message' => $this->text('message'),
			'freeBytes' => $this->number('freeBytes'),
			'totalBytes' => $this->number('totalBytes'),
			'daysLeft' => $this->number('daysLeft'),
			'count' => $this->number('count'),
			'days' => $this->number('days'),
			'files' => $this->files(),
			'node' => $this->text('node'),
		];
	}

	public function number(string $name): ?int {
		$value = $this->details[$name] ?? null;
		return is_int($value) ? $value : null;
	}

	public function text(string $name): ?string {
		$value = $this->details[$name] ?? null;
		return is_string($value) ? $value : null;
	}

	/**
	 * Some of the files concerned, for admins ("alice/Photos/a.jpg").
	 *
	 * @return list<string>
	 */
	public function files(): array {
		$files = $this->details['files'] ?? [];
		return is_array($files) ? array_values(array_filter($files, 'is_string')) : [];
	}
}
