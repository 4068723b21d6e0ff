<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Activity;

use OCA\Mirror\AppInfo\Application;
use OCP\Activity\Exceptions\UnknownActivityException;
use OCP\Activity\IEvent;
use OCP\Activity\IProvider;
use OCP\IL10N;
use OCP\IURLGenerator;
use OCP\IUserManager;
use OCP\L10N\IFactory;

/**
 * Words Mirror's activities (ActivityPublisher's subjects and parameters) in the reader's language
 * when the stream is read: file, drive and user names as rich parameters, no path on the server.
 */
class Provider implements IProvider {
	public function __construct(
		private readonly IFactory $l10n,
		private readonly IURLGenerator $url,
		private readonly IUserManager $users,
	) {
	}

	#[\Override]
	public function parse($language, IEvent $event, ?IEvent $previousEvent = null): IEvent {
		if ($event->getApp() !== Application::APP_ID) {
			throw new UnknownActivityException();
		}
		$l = $this->l10n->get(Application::APP_ID, $language);
		$p = $event->getSubjectParameters();
		$drive = ['type' => 'highlight', 'id' => (string)($p['targetId'] ?? $p['drive'] ?? ''), 'name' => (string)($p['drive'] ?? '')];
		[$text, $params] = match ($event->getSubject()) {
			ActivityPublisher::RESTORED_FILE => [$l->t('{file} was restored from the mirror ({drive})'), ['file' => self::file($p), 'drive' => $drive]],
			ActivityPublisher::RESTORED_FILES => [$l->n('%n file restored from the mirror ({drive})', '%n files restored from the mirror ({drive})', (int)($p['count'] ?? 0)), ['drive' => $drive]],
			ActivityPublisher::TRIPWIRE_HELD => [self::heldText($l, (string)($p['reason'] ?? '')), ['user' => $this->user($p)]],
			ActivityPublisher::TRIPWIRE_RELEASED => [$l->n('The tripwire hold of {user} was released: %n held change goes to the mirror', 'The tripwire hold of {user} was released: %n held changes go to the mirror', (int)($p['changes'] ?? 0)), ['user' => $this->user($p)]],
			ActivityPublisher::TRIPWIRE_DISCARDED => [$l->n('The tripwire hold of {user} was ended: %n held change was discarded, the mirror keeps the last good copies', 'The tripwire hold of {user} was ended: %n held changes were discarded, the mirror keeps the last good copies', (int)($p['changes'] ?? 0)), ['user' => $this->user($p)]],
			ActivityPublisher::DRIVE_UP_TO_DATE => [$l->t('Offline drive {drive} is up to date: safe to unplug'), ['drive' => $drive]],
			ActivityPublisher::VERIFY_GOOD => [$l->n('Verify of {drive}: %n copy checked, it is good', 'Verify of {drive}: %n copies checked, all good', (int)($p['checked'] ?? 0)), ['drive' => $drive]],
			ActivityPublisher::VERIFY_DAMAGED => [$l->n('Verify of {drive}: %n copy missing or different, copied again', 'Verify of {drive}: %n copies missing or different, copied again', (int)($p['damaged'] ?? 0)), ['drive' => $drive]],
			default => throw new UnknownActivityException(),
		};
		// the plain text (mails, clients without rich text) names things as the rich one shows them:
		// a file by its name, not its path
		$event->setParsedSubject(strtr($text, array_combine(array_map(static fn (string $key): string => '{' . $key . '}', array_keys($params)), array_column($params, 'name'))));
		$event->setRichSubject($text, $params);
		$event->setIcon($this->url->getAbsoluteURL($this->url->imagePath(Application::APP_ID, 'app-dark.svg')));
		return $event;
	}

	private static function heldText(IL10N $l, string $reason): string {
		return $reason === 'signature'
			? $l->t('The tripwire holds the changes of {user}: a file\'s new content does not match its type')
			: $l->t('The tripwire holds the changes of {user}: too many changes within an hour');
	}

	/**
	 * @param array<array-key, mixed> $p
	 * @return array{type: 'file', id: string, name: string, path: string}
	 */
	private static function file(array $p): array {
		$path = (string)($p['path'] ?? '');
		return ['type' => 'file', 'id' => (string)($p['fileId'] ?? ''), 'name' => basename($path), 'path' => $path];
	}

	/**
	 * @param array<array-key, mixed> $p
	 * @return array{type: 'user', id: string, name: string}
	 */
	private function user(array $p): array {
		$uid = (string)($p['user'] ?? '');
		return ['type' => 'user', 'id' => $uid, 'name' => $this->users->getDisplayName($uid) ?? $uid];
	}
}
