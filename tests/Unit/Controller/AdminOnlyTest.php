<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Controller;

use OC\AppFramework\Middleware\Security\Exceptions\NotAdminException;
use OC\AppFramework\Middleware\Security\Exceptions\NotLoggedInException;
use OC\AppFramework\Middleware\Security\SecurityMiddleware;
use OC\AppFramework\Utility\ControllerMethodReflector;
use OC\Settings\AuthorizedGroupMapper;
use OCA\Mirror\Controller\FailureController;
use OCA\Mirror\Controller\HealthController;
use OCA\Mirror\Controller\RestoreController;
use OCA\Mirror\Controller\StatusController;
use OCA\Mirror\Controller\TargetController;
use OCP\App\IAppManager;
use OCP\AppFramework\Http;
use OCP\AppFramework\Http\Attribute\ApiRoute;
use OCP\AppFramework\OCSController;
use OCP\Group\ISubAdmin;
use OCP\IGroupManager;
use OCP\IL10N;
use OCP\INavigationManager;
use OCP\IRequest;
use OCP\IURLGenerator;
use OCP\IUser;
use OCP\IUserSession;
use OCP\Security\Ip\IRemoteAddress;
use OCP\Util;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

/**
 * Every admin API endpoint is for admins only: run Nextcloud's own SecurityMiddleware (and its
 * annotation reader), read-only from NEXTCLOUD_ROOT, in front of each endpoint for an anonymous
 * caller (401), a logged-in user who is not an admin (403) and an admin (passes).
 * tests/Browser/run.sh shows the same against a real server over HTTP.
 */
class AdminOnlyTest extends TestCase {
	private const CONTROLLERS = [TargetController::class, StatusController::class, FailureController::class, HealthController::class, RestoreController::class];

	public static function setUpBeforeClass(): void {
		$root = rtrim((string)getenv('NEXTCLOUD_ROOT'), '/');
		spl_autoload_register(static function (string $class) use ($root): void {
			foreach (['OC\\AppFramework\\' => '/lib/private/AppFramework/', 'OC\\Settings\\' => '/lib/private/Settings/'] as $prefix => $dir) {
				if (str_starts_with($class, $prefix)) {
					$file = $root . $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
					if (is_file($file)) {
						require_once $file;
					}
				}
			}
		});
		// The CSRF token is registered with the server's session: give it one so the middleware goes on.
		$token = new \ReflectionProperty(Util::class, 'token');
		$token->setValue(null, 'test-token');
	}

	/**
	 * @return array<string, array{class-string<OCSController>, string}>
	 */
	public static function endpoints(): array {
		$endpoints = [];
		foreach (self::CONTROLLERS as $class) {
			foreach ((new \ReflectionClass($class))->getMethods(\ReflectionMethod::IS_PUBLIC) as $method) {
				foreach ($method->getAttributes(ApiRoute::class) as $attribute) {
					$route = $attribute->newInstance();
					$endpoints[$route->getVerb() . ' ' . $route->getUrl() . ' ' . $method->getName()] = [$class, $method->getName()];
				}
			}
		}
		return $endpoints;
	}

	public function testEveryEndpointIsAnOcsRouteOfTheAdminApi(): void {
		$routes = array_keys(self::endpoints());
		$this->assertCount(19, $routes);
		foreach ($routes as $route) {
			$this->assertMatchesRegularExpression('#^(GET|POST|PUT|PATCH|DELETE) /api/v1/(targets|status|failures|health|restores)\b#', $route);
		}
		foreach (self::CONTROLLERS as $class) {
			$this->assertTrue(is_subclass_of($class, OCSController::class), $class);
		}
	}

	/**
	 * @param class-string<OCSController> $class
	 */
	#[DataProvider('endpoints')]
	public function testAnonymousCallersAreRefused(string $class, string $method): void {
		$this->expectException(NotLoggedInException::class);
		$this->expectExceptionCode(Http::STATUS_UNAUTHORIZED);
		$this->check(null, false, $class, $method);
	}

	/**
	 * @param class-string<OCSController> $class
	 */
	#[DataProvider('endpoints')]
	public function testUsersWhoAreNotAdminsAreRefused(string $class, string $method): void {
		$this->expectException(NotAdminException::class);
		$this->expectExceptionCode(Http::STATUS_FORBIDDEN);
		$this->check('alice', false, $class, $method);
	}

	/**
	 * @param class-string<OCSController> $class
	 */
	#[DataProvider('endpoints')]
	public function testAdminsPass(string $class, string $method): void {
		$this->check('admin', true, $class, $method);
		$this->addToAssertionCount(1);
	}

	/**
	 * What Nextcloud's dispatcher does before an action runs: read the method's annotations, then
	 * let the security middleware decide.
	 *
	 * @param class-string<OCSController> $class
	 */
	private function check(?string $uid, bool $isAdmin, string $class, string $method): void {
		$controller = (new \ReflectionClass($class))->newInstanceWithoutConstructor();
		$reflector = new ControllerMethodReflector();
		$reflector->reflect($controller, $method);
		$this->middleware($uid, $isAdmin, $reflector)->beforeController($controller, $method);
	}

	private function middleware(?string $uid, bool $isAdmin, ControllerMethodReflector $reflector): SecurityMiddleware {
		$user = null;
		if ($uid !== null) {
			$user = $this->createMock(IUser::class);
			$user->method('getUID')->willReturn($uid);
		}
		$session = $this->createMock(IUserSession::class);
		$session->method('getUser')->willReturn($user);
		$groups = $this->createMock(IGroupManager::class);
		$groups->method('isAdmin')->willReturnCallback(static fn (string $id): bool => $isAdmin && $id === $uid);
		$request = $this->createMock(IRequest::class);
		$request->method('passesStrictCookieCheck')->willReturn(true);
		$request->method('passesCSRFCheck')->willReturn(false);
		// what @nextcloud/axios calls from the admin page send
		$request->method('getHeader')->willReturnCallback(static fn (string $name): string => strtolower($name) === 'ocs-apirequest' ? 'true' : '');
		$apps = $this->createMock(IAppManager::class);
		$apps->method('getAppPath')->willReturn('/apps/mirror');
		$apps->method('isEnabledForUser')->willReturn(true);
		$remote = $this->createMock(IRemoteAddress::class);
		$remote->method('allowsAdminActions')->willReturn(true);
		$l10n = $this->createMock(IL10N::class);
		$l10n->method('t')->willReturnArgument(0);
		$delegation = $this->createMock(AuthorizedGroupMapper::class);
		$delegation->method('findAllClassesForUser')->willReturn([]);

		return new SecurityMiddleware(
			$request,
			$reflector,
			$this->createMock(INavigationManager::class),
			$this->createMock(IURLGenerator::class),
			$this->createMock(LoggerInterface::class),
			'mirror',
			$uid !== null,
			$groups,
			$this->createMock(ISubAdmin::class),
			$apps,
			$l10n,
			$delegation,
			$session,
			$remote,
		);
	}
}
