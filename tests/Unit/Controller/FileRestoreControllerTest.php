<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Controller;

use OCA\Mirror\Controller\FileRestoreController;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\FileNotAccessibleException;
use OCA\Mirror\Exception\RestoreFailedException;
use OCA\Mirror\Exception\TrashEntryNotFoundException;
use OCA\Mirror\Restore\UserRestoreService;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\Http\Attribute\NoAdminRequired;
use OCP\IL10N;
use OCP\IRequest;
use OCP\IUser;
use OCP\IUserSession;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class FileRestoreControllerTest extends TestCase {
	private UserRestoreService&MockObject $restore;
	private FileRestoreController $controller;

	protected function setUp(): void {
		$this->restore = $this->createMock(UserRestoreService::class);
		$user = $this->createMock(IUser::class);
		$user->method('getUID')->willReturn('bob');
		$session = $this->createMock(IUserSession::class);
		$session->method('getUser')->willReturn($user);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnArgument(0);
		$this->controller = new FileRestoreController($this->createMock(IRequest::class), $this->restore, $session, $l);
	}

	private static function answer(): array {
		return ['restored' => 1, 'skipped' => 0, 'mismatched' => 0, 'failed' => 0, 'more' => false,
			'files' => [['path' => 'a.jpg', 'to' => 'a (restored).jpg', 'fileId' => 12, 'result' => 'restored', 'reason' => '']]];
	}

	public function testRestoresForTheCurrentUser(): void {
		$this->restore->expects($this->once())->method('restoreVersion')->with('bob', 10, 7, null)->willReturn(self::answer());
		$response = $this->controller->restore(10, 7);
		$this->assertSame([Http::STATUS_OK, self::answer()], [$response->getStatus(), $response->getData()]);
	}

	public function testEachRefusalHasItsStatus(): void {
		$this->restore->method('restoreVersion')->willReturnOnConsecutiveCalls(
			$this->throwException(new FileNotAccessibleException(10)),
			$this->throwException(new TrashEntryNotFoundException('No such version')),
			$this->throwException(new \InvalidArgumentException('Give either')),
			$this->throwException(new RestoreFailedException('The copy does not match', 'mismatch')),
			$this->throwException(new TargetOfflineException(new TargetState(false, 'marker_missing', '/mnt/usb'))),
		);
		$statuses = [];
		for ($i = 0; $i < 5; $i++) {
			$response = $this->controller->restore(10, 7);
			$statuses[] = $response->getStatus();
			$this->assertStringNotContainsString('/mnt/usb', (string)json_encode($response->getData()));
		}
		$this->assertSame([404, 404, 400, 409, 503], $statuses);
	}

	public function testRestoreDeletedTakesAListOfIdsOrNone(): void {
		$this->restore->expects($this->exactly(2))->method('restoreDeleted')
			->willReturnCallback(function (string $uid, int $folderId, ?array $ids): array {
				$this->assertSame(['bob', 20], [$uid, $folderId]);
				$this->assertContains($ids, [null, [3, 4]]);
				return self::answer();
			});
		$this->assertSame(200, $this->controller->restoreDeleted(20)->getStatus());
		$this->assertSame(200, $this->controller->restoreDeleted(20, [3, '4'])->getStatus());
	}

	public function testRestoreDeletedRefusesWhatIsNotAListOfIds(): void {
		$this->restore->expects($this->never())->method('restoreDeleted');
		foreach ([['a'], ['x' => 1], [1.5], [[1]]] as $ids) {
			$response = $this->controller->restoreDeleted(20, $ids);
			$this->assertSame([400, 'ids'], [$response->getStatus(), $response->getData()['field'] ?? null], json_encode($ids));
		}
	}

	public function testRestoreDeletedAnswers404ForWhatIsNotTheUsers(): void {
		$this->restore->method('restoreDeleted')->willReturnOnConsecutiveCalls(
			$this->throwException(new FileNotAccessibleException(20)),
			$this->throwException(new TrashEntryNotFoundException('No such deleted file')),
		);
		$this->assertSame(404, $this->controller->restoreDeleted(20)->getStatus());
		$this->assertSame(404, $this->controller->restoreDeleted(20, [3])->getStatus());
	}

	public function testTheEndpointsAreOpenToUsersAtTheDocumentedRoutes(): void {
		$routes = [];
		foreach (['restore', 'restoreDeleted'] as $method) {
			$reflection = new \ReflectionMethod(FileRestoreController::class, $method);
			$this->assertNotEmpty($reflection->getAttributes(NoAdminRequired::class), "$method must be open to users");
			$route = $reflection->getAttributes(ApiRoute::class)[0]->newInstance()->toArray();
			$routes[] = $route['verb'] . ' ' . $route['url'];
		}
		$this->assertSame(['POST /api/v1/files/{fileId}/restore', 'POST /api/v1/files/{fileId}/restore-deleted'], $routes);
	}
}
