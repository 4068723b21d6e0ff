<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Drive\ManifestReading;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\DamagedManifestException;
use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Status\TargetStateMessages;
use OCP\IL10N;

/**
 * The catalogue of restore messages, beside FailureMessages and TargetStateMessages: why a file was
 * not simply restored, and why a whole restore failed (a RestoreException code and its parameters,
 * as a restore run stores them), in the reader's language. For admins (the admin page, occ): a
 * file's words may name what Nextcloud or the drive said. Users of the Files sidebar get reason
 * codes of their own (UserRestoreService), never these details.
 */
class RestoreMessages {
	public function __construct(
		private readonly IL10N $l,
		private readonly TargetStateMessages $states,
	) {
	}

	/**
	 * Why one file was skipped, mismatched or failed ('' for a file simply restored).
	 *
	 * @param array<string, string|int> $params
	 */
	public function file(string $code, array $params): string {
		$s = static fn (string $key): string => (string)($params[$key] ?? '');
		return match ($code) {
			'' => '',
			RestoreException::ALREADY_THERE => $this->l->t('already there'),
			RestoreException::DIFFERENT_FILE_THERE => $this->l->t('a different file is there'),
			RestoreException::DRY_RUN => $this->l->t('dry run: would be restored'),
			RestoreException::NOT_ON_DRIVE => $this->l->t('not on the mirror drive'),
			RestoreException::DIFFERENT_SIZE => isset($params['grew'])
				? $this->l->t('the copy on the drive has a different size: it grew beyond the %s bytes recorded while it was read', [$s('recorded')])
				: (isset($params['size'])
					? $this->l->t('the copy on the drive has a different size: %1$s bytes, %2$s recorded', [$s('size'), $s('recorded')])
					: $this->l->t('the copy on the drive has a different size')),
			RestoreException::CHECKSUM => $this->l->t('the copy on the drive does not match the sha256 recorded when it was written'),
			RestoreException::NOT_READ_AGAIN => $this->l->t('the copy on the drive cannot be read again'),
			RestoreException::DRIVE_OUT => $this->l->t('the mirror drive is not connected'),
			RestoreException::READ_FAILED => $this->l->t('the copy on the drive could not be read: %s', [$s('detail')]),
			RestoreException::FOLDER_BLOCKED => $this->l->t('a file stands where the folder "%s" must be', [$s('folder')]),
			RestoreException::FILE_BLOCKED => $this->l->t('a folder stands where the file must be'),
			RestoreException::WRITE_FAILED => $this->l->t('Nextcloud did not take the file: %s', [$s('detail')]),
			RestoreException::LEGACY => $s('text'),
			default => $this->l->t('the file could not be restored'),
		};
	}

	/**
	 * Why a whole restore failed.
	 *
	 * @param array<string, string|int> $params
	 */
	public function run(string $code, array $params): string {
		$s = static fn (string $key): string => (string)($params[$key] ?? '');
		return match ($code) {
			RestoreException::TARGET_GONE => $this->l->t('The mirror target (id %s) no longer exists.', [$s('targetId')]),
			RestoreException::DRIVE_OFFLINE => $this->offline(new TargetState(false, $s('reason') === '' ? null : $s('reason'), $s('path'))),
			RestoreException::BAD_VERSION => $this->l->t('The version must be "latest" or "trash:YYYY-MM-DD", not "%s".', [$s('version')]),
			RestoreException::FROM_DRIVE_LATEST_ONLY => $this->l->t('From the drive alone, only the latest copies can be restored (the trash is not in the manifest).'),
			RestoreException::NO_MANIFEST => $this->l->t('The drive holds no manifest for "%s".', [$s('userId')]),
			RestoreException::LEGACY => $s('text'),
			default => $params === [] ? $this->l->t('The restore failed.') : $this->l->t('The restore failed: %s', [$s('detail')]),
		};
	}

	/**
	 * The drive a restore needs is not available, and why.
	 */
	public function offline(TargetState $state): string {
		return $this->l->t('The mirror drive is not available: %s', [$this->states->message($state)]);
	}

	/**
	 * A refused parameter of a restore asked for on the admin page (RestoreRequest's).
	 */
	public function refused(InvalidParameterException $e): string {
		return match ($e->parameter) {
			'mode' => $this->l->t('The parameter "mode" must be "new", "overwrite" or "skip".'),
			'version' => $this->l->t('The parameter "version" must be "latest" or "trash:YYYY-MM-DD" with a real date.'),
			'path', 'into' => $this->l->t('The parameter "%s" must be a path inside the user\'s files (no "..").', [$e->parameter]),
			default => $e->getMessage(),
		};
	}

	/**
	 * An overwriting restore started where only new/skip restores start (restores/overwrite asks for the password).
	 */
	public function overwriteNeedsConfirmation(): string {
		return $this->l->t('A restore that overwrites files needs the password confirmed: POST it to restores/overwrite.');
	}

	/**
	 * What a restore names that does not exist.
	 *
	 * @param 'restore'|'user'|'target' $what
	 */
	public function notFound(string $what, string|int $id): string {
		return match ($what) {
			'restore' => $this->l->t('There is no restore with id %s.', [(string)$id]),
			'user' => $this->l->t('There is no user "%s".', [(string)$id]),
			'target' => $this->l->t('There is no mirror target with id %s.', [(string)$id]),
		};
	}

	/**
	 * Why a user's manifest on the drive was not read at all (DamagedManifestException's reason and parameters).
	 */
	public function damaged(DamagedManifestException $e): string {
		$file = (string)($e->params['file'] ?? '');
		$number = static fn (string $key): string => number_format((int)($e->params[$key] ?? 0));
		return match ($e->reason) {
			DamagedManifestException::TOO_BIG => isset($e->params['size'])
				? $this->l->t('The manifest %1$s is %2$s bytes, more than the %3$s bytes a manifest of this user\'s files can take; it is not read.', [$file, $number('size'), $number('max')])
				: $this->l->t('The manifest %1$s grew past %2$s bytes while it was read; it is not used.', [$file, $number('max')]),
			DamagedManifestException::LONG_LINE => $this->l->t('The manifest %1$s has a line longer than %2$d bytes (line %3$d): Mirror writes one entry per line; it is not used.', [$file, (int)($e->params['max'] ?? 0), (int)($e->params['line'] ?? 0)]),
			DamagedManifestException::MALFORMED => $this->l->t('The manifest %1$s is damaged: more than %2$d lines are not entries (line %3$d); it is not used.', [$file, (int)($e->params['max'] ?? 0), (int)($e->params['line'] ?? 0)]),
			DamagedManifestException::TOO_MANY_SHARDS => $this->l->t('The manifest %1$s lists more than %2$d shards; it is not used.', [$file, (int)($e->params['max'] ?? 0)]),
			// not thrown today: its English is all there is
			default => $e->getMessage(),
		};
	}

	/**
	 * Why the files of a user's manifest read from the drive were not put in their places
	 * (ManifestReading's verdict).
	 */
	public function manifest(string $why): string {
		return match ($why) {
			ManifestReading::UNSIGNED => $this->l->t('the manifest is not signed (written by Mirror before version 2, or not by Mirror)'),
			ManifestReading::OTHER_USER => $this->l->t('the manifest is signed for another user\'s folder'),
			default => $this->l->t('the manifest\'s signature does not match the recovery key'),
		};
	}
}
