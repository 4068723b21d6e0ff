<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\IdleCores;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Queue\Claims;
use OCA\Mirror\Replication\OccCommand;
use OCA\Mirror\Replication\SecondWorker;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

class SecondWorkerTest extends TestCase {
	private string $proc;
	private Claims&MockObject $claims;
	private OccCommand&MockObject $occ;
	/** @var list<list<string>> the argument lists a second occ was started with */
	private array $started = [];

	protected function setUp(): void {
		putenv('MIRROR_SECOND_WORKER');
		$this->proc = sys_get_temp_dir() . '/mirror-second-' . bin2hex(random_bytes(4));
		mkdir($this->proc . '/self', 0700, true);
		$this->cpus('0-1');
		$this->ticks(100, 1000);
		$this->claims = $this->createMock(Claims::class);
		$this->occ = $this->createMock(OccCommand::class);
		// the "second worker": a PHP process that answers as mirror:process --output=json does, with its arguments
		$this->occ->method('line')->willReturnCallback(function (array $args): array {
			$this->started[] = $args;
			return [PHP_BINARY, '-r', 'echo json_encode(["done" => 7, "failed" => 1, "errors" => ["u #9: gone"], "args" => array_slice($argv, 1)]);', '--', ...$args];
		});
	}

	protected function tearDown(): void {
		putenv('MIRROR_SECOND_WORKER');
		foreach (['/self/status', '/stat'] as $file) {
			@unlink($this->proc . $file);
		}
		@rmdir($this->proc . '/self');
		@rmdir($this->proc);
	}

	private function cpus(string $list): void {
		file_put_contents($this->proc . '/self/status', "Cpus_allowed_list:\t$list\n");
	}

	/** the machine's CPU time so far: $idle of $total ticks over 2 CPUs */
	private function ticks(int $idle, int $total): void {
		file_put_contents($this->proc . '/stat', sprintf("cpu  %d 0 0 %d 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\n", $total - $idle, $idle));
	}

	private function second(): SecondWorker {
		$target = new Target();
		$target->setId(3);
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([$target]);
		$node = $this->createMock(ThisNode::class);
		$node->method('filter')->willReturnArgument(0);
		return new SecondWorker($this->claims, $targets, $node, $this->createMock(LoggerInterface::class), new IdleCores($this->proc), $this->occ);
	}

	/** a run: begun, then $idle of the next 200 ticks idle, then items done for LOOK_AFTER and more */
	private function aRun(SecondWorker $second, int $idle): ?array {
		$second->begin(600.0);
		$second->consider(); // too early to tell
		$this->assertSame([], $this->started, 'nothing is started before LOOK_AFTER');
		$this->ticks(100 + $idle, 1200);
		usleep((int)(SecondWorker::LOOK_AFTER * 1e6) + 20_000);
		$second->consider();
		$second->consider(); // once per run
		return $second->finish();
	}

	public function testMuchQueuedAndAnIdleCoreStartsOneSecondWorkerAndTellsWhatItDid(): void {
		$this->claims->expects($this->once())->method('dueAtLeast')->with(3, SecondWorker::MIN_DUE)->willReturn(true);
		$result = $this->aRun($this->second(), 150); // 1.5 of 2 cores idle
		$this->assertCount(1, $this->started);
		$this->assertSame(['mirror:process', '--second', '--output=json'], array_slice($this->started[0], 0, 3));
		$this->assertMatchesRegularExpression('/^--time-limit=(599|600)$/', $this->started[0][3], 'the time left of the run');
		$this->assertSame(7, $result['done'] ?? null);
		$this->assertSame(['u #9: gone'], $result['errors'] ?? null);
		$this->assertSame($this->started[0], $result['args'] ?? null, 'the process started is the line OccCommand gave');
	}

	public function testLittleQueuedStartsNone(): void {
		$this->claims->method('dueAtLeast')->willReturn(false);
		$this->assertNull($this->aRun($this->second(), 150));
		$this->assertSame([], $this->started);
	}

	public function testNoIdleCoreStartsNoneUnlessTheSwitchSaysSo(): void {
		$this->claims->method('dueAtLeast')->willReturn(true);
		$this->assertNull($this->aRun($this->second(), 40)); // 0.4 of a core idle
		$this->assertSame([], $this->started);
		putenv('MIRROR_SECOND_WORKER=1');
		$this->ticks(100, 1000);
		$this->assertSame(7, $this->aRun($this->second(), 0)['done'] ?? null);
		$this->assertCount(1, $this->started);
	}

	public function testOneCpuOrTheSwitchOffStartsNone(): void {
		$this->claims->method('dueAtLeast')->willReturn(true);
		$this->cpus('0'); // taskset -c 0: the Pi-class benchmark's worker
		$this->assertNull($this->aRun($this->second(), 200));
		$this->cpus('0-1');
		putenv('MIRROR_SECOND_WORKER=0');
		$this->ticks(100, 1000);
		$this->assertNull($this->aRun($this->second(), 200));
		$this->assertSame([], $this->started);
	}

	public function testASecondWorkerThatFailsCountsForNothingHere(): void {
		$this->claims->method('dueAtLeast')->willReturn(true);
		$occ = $this->createMock(OccCommand::class);
		$occ->method('line')->willReturn([PHP_BINARY, '-r', 'echo "{\"done\": 5}"; exit(1);']);
		$this->occ = $occ;
		$this->assertNull($this->aRun($this->second(), 150), 'its copies are recorded by itself; its count is not trusted');
	}
}
