<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Exception\InvalidExclusionException;
use OCA\Mirror\Source\Exclusion\Exclusion;
use OCP\IL10N;
use OCP\Util;

/**
 * Exclusions in the reader's language: why one was refused (InvalidExclusionException's code), and
 * why a file is left out (Exclusion's reason), for the API's messages and occ.
 */
class ExclusionMessages {
	public function __construct(
		private readonly IL10N $l,
	) {
	}

	/**
	 * occ mirror:exclude:remove naming something that is not left out.
	 *
	 * @param 'patterns'|'users'|'groups' $list
	 */
	public function notExcluded(string $list, string $value): string {
		return match ($list) {
			'patterns' => $this->l->t('"%s" is not among the patterns left out (occ mirror:exclude:list shows them).', [$value]),
			'users' => $this->l->t('"%s" is not among the users left out (occ mirror:exclude:list shows them).', [$value]),
			'groups' => $this->l->t('"%s" is not among the groups left out (occ mirror:exclude:list shows them).', [$value]),
		};
	}

	/** occ mirror:exclude:add --max-size given something that is not a size. */
	public function notASize(string $given): string {
		return $this->l->t('The maximum size "%s" is not a size: use 2G, 500 MB or a number of bytes.', [$given]);
	}

	public function refusal(InvalidExclusionException $e): string {
		$v = $e->value;
		return match ($e->reason) {
			'pattern_empty' => $this->l->t('A pattern must not be empty.'),
			'pattern_too_long' => $this->l->t('The pattern "%s" is too long (at most 200 characters).', [$v]),
			'pattern_slash' => $this->l->t('The pattern "%s" holds a slash: a pattern is a name (*.tmp), or a folder\'s name with a slash at the end (.thumbnails/). To leave out one folder, put a .nomirror file in it.', [$v]),
			'pattern_everything' => $this->l->t('The pattern "%s" would leave out everything.', [$v]),
			'unknown_user' => $this->l->t('There is no user "%s".', [$v]),
			'unknown_group' => $this->l->t('There is no group "%s".', [$v]),
			'size_invalid' => $this->l->t('The maximum file size must be more than 0 bytes (or none).'),
			default => $this->l->t('The pattern "%s" is not valid: use a name, with * for any characters and ? for one.', [$v]),
		};
	}

	/**
	 * Why a file is left out: "Left out by .nomirror in Photos/Cache".
	 */
	public function reason(Exclusion $exclusion): string {
		return match ($exclusion->reason) {
			Exclusion::NOMIRROR => $exclusion->detail === ''
				? $this->l->t('Left out by .nomirror in the top folder')
				: $this->l->t('Left out by .nomirror in %s', [$exclusion->detail]),
			Exclusion::PATTERN => $this->l->t('Left out by the pattern %s', [$exclusion->detail]),
			Exclusion::USER => $this->l->t('Left out: the user %s is not mirrored', [$exclusion->detail]),
			Exclusion::GROUP => $this->l->t('Left out: the group %s is not mirrored', [$exclusion->detail]),
			Exclusion::EXTERNAL => $this->l->t('Left out: the external storage %s is not mirrored', [$exclusion->detail]),
			default => $this->l->t('Left out: larger than %s', [Util::humanFileSize((int)$exclusion->detail)]),
		};
	}
}
