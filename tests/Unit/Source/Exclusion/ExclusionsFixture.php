<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Source\Exclusion;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Source\Exclusion\Exclusions;
use OCA\Mirror\Source\Exclusion\ExclusionSettings;
use OCA\Mirror\Source\Exclusion\NoMirrorFolders;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IAppConfig;
use OCP\IGroupManager;
use OCP\IUser;
use OCP\IUserManager;
use PHPUnit\Framework\TestCase;

/**
 * Real Exclusions over stand-ins of the app config, users, groups and the file cache's `.nomirror` files.
 */
final class ExclusionsFixture {
	/**
	 * @param list<string>|null $patterns null: the defaults
	 * @param list<string> $users
	 * @param list<string> $groups
	 * @param list<string> $noMirror folders holding a .nomirror
	 * @param array<string, list<string>> $memberships user => groups
	 */
	public static function make(TestCase $case, ?array $patterns = null, array $users = [], array $groups = [], int $maxSize = 0, array $noMirror = [], array $memberships = []): Exclusions {
		$config = $case->getMockBuilder(IAppConfig::class)->getMock();
		$values = [
			'exclude_patterns' => $patterns === null ? '' : json_encode($patterns),
			'exclude_users' => json_encode($users),
			'exclude_groups' => json_encode($groups),
		];
		$config->method('getValueString')->willReturnCallback(static fn (string $app, string $key, string $default = ''): string => $app === Application::APP_ID ? ($values[$key] ?? $default) : $default);
		$config->method('getValueInt')->willReturn($maxSize);
		$userManager = $case->getMockBuilder(IUserManager::class)->getMock();
		$userManager->method('get')->willReturnCallback(static function (string $uid) use ($case): IUser {
			$user = $case->getMockBuilder(IUser::class)->getMock();
			$user->method('getUID')->willReturn($uid);
			return $user;
		});
		$userManager->method('userExists')->willReturn(true);
		$groupManager = $case->getMockBuilder(IGroupManager::class)->getMock();
		$groupManager->method('getUserGroupIds')->willReturnCallback(static fn (IUser $user): array => $memberships[$user->getUID()] ?? []);
		$groupManager->method('groupExists')->willReturn(true);
		$folders = $case->getMockBuilder(NoMirrorFolders::class)->disableOriginalConstructor()->onlyMethods(['folderAbove', 'all'])->getMock();
		sort($noMirror);
		$folders->method('all')->willReturn($noMirror);
		$folders->method('folderAbove')->willReturnCallback(static fn (string $userId, string $path): ?string => NoMirrorFolders::holding($noMirror, $path));
		$time = $case->getMockBuilder(ITimeFactory::class)->getMock();
		$time->method('getTime')->willReturn(1700000000);
		return new Exclusions(new ExclusionSettings($config, $userManager, $groupManager), $folders, $userManager, $groupManager, $time);
	}
}
