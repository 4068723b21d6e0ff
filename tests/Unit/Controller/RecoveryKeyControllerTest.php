<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Controller;

use OCA\Mirror\Controller\RecoveryKeyController;
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Replication\RecoveryKeys;
use OCP\AppFramework\Http\Attribute\NoAdminRequired;
use OCP\AppFramework\Http\Attribute\PasswordConfirmationRequired;
use OCP\IRequest;
use PHPUnit\Framework\TestCase;

class RecoveryKeyControllerTest extends TestCase {
	public function testItShowsTheKeyOnlyToAdminsWithThePasswordInTheRequest(): void {
		$method = new \ReflectionMethod(RecoveryKeyController::class, 'show');
		$confirmation = $method->getAttributes(PasswordConfirmationRequired::class);
		$this->assertCount(1, $confirmation);
		$this->assertTrue($confirmation[0]->newInstance()->getStrict(), 'the password in the request, not a confirmation half an hour old');
		$this->assertSame([], $method->getAttributes(NoAdminRequired::class), 'admins only');

		$key = RecoveryKey::fromBytes(str_repeat("\x01", 32));
		$keys = $this->createMock(RecoveryKeys::class);
		$keys->method('current')->willReturn($key);
		$controller = new RecoveryKeyController('mirror', $this->createMock(IRequest::class), $keys);
		$this->assertSame(['recoveryKey' => $key->toString()], $controller->show()->getData());
	}
}
