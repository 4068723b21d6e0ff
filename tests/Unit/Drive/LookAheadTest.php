<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Drive\LookAhead;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * LookAhead looks at batches of copies in a forked child while the caller reads on: its answers must
 * be Drive::notCurrent()'s, whatever the child does (dies, throws, finds a link), and it must leave no
 * child behind.
 */
class LookAheadTest extends TestCase {
	use DriveFixture;
	use ChildProcesses;

	protected function setUp(): void {
		$this->setUpFolders();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	private function requireFork(): Libc {
		$libc = Libc::load();
		if (!LookAhead::canFork($libc) || $libc === null || !function_exists('posix_kill')) {
			$this->markTestSkipped('no fork here (FFI, pcntl and posix in the CLI needed): ' . Libc::reason());
		}
		return $libc;
	}

	/**
	 * A look that answers, for key 'pid', the process that made it.
	 *
	 * @param (\Closure(): void)|null $inChild what the child does before it answers
	 */
	private static function whoLooks(?\Closure $inChild = null): \Closure {
		$parent = getmypid();
		return static function (array $paths) use ($parent, $inChild): array {
			if (getmypid() !== $parent && $inChild !== null) {
				$inChild();
			}
			return ['pid' => ['size' => getmypid(), 'mtime' => count($paths)]];
		};
	}

	public function testTheBatchesAreLookedAtInAChildThatIsGoneAfterClose(): void {
		$libc = $this->requireFork();
		$before = self::children();
		$looks = new LookAhead(self::whoLooks(), $libc);
		$answers = [];
		foreach ([['a'], ['b', 'c'], ['d', 'e', 'f']] as $batch) {
			$looks->send($batch, [], []);
			$answers[] = $looks->receive();
		}
		$child = $this->newChild($before);
		foreach ($answers as $i => $answer) {
			$this->assertSame(['pid' => ['size' => $child, 'mtime' => $i + 1]], $answer, 'batch ' . $i . ' answered by the one child');
		}
		$looks->close();
		$this->assertSame($before, self::children(), 'the child was reaped');
	}

	/**
	 * start() forks before anything is sent (a reconcile calls it before its first query), and that child
	 * answers the batches; without a child to be, start() forks nothing and the batches are looked at here.
	 */
	public function testStartForksTheChildBeforeTheFirstBatch(): void {
		$libc = $this->requireFork();
		$before = self::children();
		$looks = new LookAhead(self::whoLooks(), $libc);
		$looks->start();
		$child = $this->newChild($before);
		$looks->start();
		$this->assertSame([$child], array_values(array_diff(self::children(), $before)), 'one child, however often start() is called');
		$looks->send(['a', 'b'], [], []);
		$this->assertSame(['pid' => ['size' => $child, 'mtime' => 2]], $looks->receive(), 'answered by the child started');
		$looks->close();
		$this->assertSame($before, self::children(), 'the child was reaped');

		$here = new LookAhead(self::whoLooks(), null);
		$here->start();
		$this->assertSame($before, self::children(), 'no child without libc');
		$here->send(['a'], [], []);
		$this->assertSame(['pid' => ['size' => getmypid(), 'mtime' => 1]], $here->receive());
	}

	/**
	 * answered() says whether receive() would wait: not while the child is still looking, yes once its
	 * answer is there (and receive() gives that answer); always yes without a child or a batch out.
	 */
	public function testAnsweredSaysWhetherReceiveWouldWaitForTheChild(): void {
		$libc = $this->requireFork();
		$before = self::children();
		$looks = new LookAhead(self::whoLooks(static function (): void {
			usleep(300_000);
		}), $libc);
		$this->assertTrue($looks->answered(), 'no batch out');
		$looks->send(['a', 'b'], [], []);
		$child = $this->newChild($before);
		$this->assertFalse($looks->answered(), 'the child is still looking');
		for ($i = 0; $i < 200 && !$looks->answered(); $i++) {
			usleep(10_000);
		}
		$this->assertTrue($looks->answered(), 'the child answered within 2 s');
		$this->assertTrue($looks->answered(), 'asking again reads nothing');
		$this->assertSame(['pid' => ['size' => $child, 'mtime' => 2]], $looks->receive(), 'the child\'s answer');
		$this->assertTrue($looks->answered(), 'no batch out after receive()');
		$looks->close();

		$here = new LookAhead(self::whoLooks(), null);
		$here->send(['a'], [], []);
		$this->assertTrue($here->answered(), 'without a child, receive() looks here and never waits');
		$this->assertSame(['pid' => ['size' => getmypid(), 'mtime' => 1]], $here->receive());
	}

	/**
	 * On one CPU (taskset here; a one-core Pi, a cgroup's cpuset) the child could only take turns with
	 * the parent: no child.
	 */
	public function testNoChildWhereThereIsOneCpu(): void {
		$this->requireFork();
		$taskset = trim((string)shell_exec('command -v taskset'));
		if ($taskset === '') {
			$this->markTestSkipped('no taskset here');
		}
		$lib = dirname(__DIR__, 3) . '/lib/Drive';
		$script = sprintf('require %s; require %s; require %s; $libc = OCA\Mirror\Drive\Fd\Libc::load(); echo $libc->cpusAllowed(), " ", json_encode(OCA\Mirror\Drive\LookAhead::canFork($libc));',
			var_export($lib . '/Fd/OpenFlags.php', true), var_export($lib . '/Fd/Libc.php', true), var_export($lib . '/LookAhead.php', true));
		$one = shell_exec(escapeshellarg($taskset) . ' -c 0 ' . escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($script) . ' 2>&1');
		$this->assertSame('1 false', $one);
		$all = shell_exec(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($script) . ' 2>&1');
		$this->assertSame((string)Libc::load()?->cpusAllowed() . ' true', $all, 'and a child where there are more');
	}

	public function testWithoutAChildTheBatchIsLookedAtHere(): void {
		$before = self::children();
		$looks = new LookAhead(self::whoLooks(), null);
		$looks->send(['a', 'b'], [], []);
		$this->assertSame(['pid' => ['size' => getmypid(), 'mtime' => 2]], $looks->receive());
		$this->assertSame($before, self::children(), 'no child without libc');
	}

	public function testAChildThatDiesLeavesItsBatchAndTheNextToTheParent(): void {
		$libc = $this->requireFork();
		$before = self::children();
		$looks = new LookAhead(self::whoLooks(static function (): void {
			posix_kill(getmypid(), SIGKILL);
		}), $libc);
		$looks->send(['a'], [], []);
		$this->assertSame(['pid' => ['size' => getmypid(), 'mtime' => 1]], $looks->receive(), 'the parent looked itself');
		$this->assertSame($before, self::children(), 'the dead child was reaped at once');
		$looks->send(['a', 'b'], [], []);
		$this->assertSame(['pid' => ['size' => getmypid(), 'mtime' => 2]], $looks->receive(), 'and the next batch too');
		$looks->close();
	}

	public function testAChildKilledBetweenBatchesLeavesTheNextToTheParent(): void {
		$libc = $this->requireFork();
		$before = self::children();
		$looks = new LookAhead(self::whoLooks(), $libc);
		$looks->send(['a'], [], []);
		$looks->receive();
		$this->killAndWait($this->newChild($before));
		$looks->send(array_fill(0, 50000, 'a long name, so that the batch does not fit into the socket\'s buffer'), [], []);
		$this->assertSame(['pid' => ['size' => getmypid(), 'mtime' => 50000]], $looks->receive(), 'the parent looked itself, and is still alive');
		$this->assertSame($before, self::children(), 'the dead child was reaped');
		$looks->close();
	}

	/**
	 * A batch that takes the child longer than default_socket_timeout (a slow drive) is still its answer.
	 */
	public function testASlowBatchIsWaitedFor(): void {
		$libc = $this->requireFork();
		$before = self::children();
		$timeout = ini_set('default_socket_timeout', '1');
		try {
			$looks = new LookAhead(self::whoLooks(static function (): void {
				usleep(1_500_000);
			}), $libc);
			$looks->send(['a'], [], []);
			$child = $this->newChild($before);
			$this->assertSame(['pid' => ['size' => $child, 'mtime' => 1]], $looks->receive(), 'the child answered');
			$looks->close();
		} finally {
			ini_set('default_socket_timeout', (string)$timeout);
		}
	}

	public function testAnExceptionInTheChildIsThrownByTheParentsOwnLook(): void {
		$libc = $this->requireFork();
		$parent = getmypid();
		$looks = new LookAhead(static function (array $paths) use ($parent): array {
			throw new ReplicationException('looked at in ' . (getmypid() === $parent ? 'the parent' : 'the child'), ReplicationException::NAME);
		}, $libc);
		$looks->send(['../a'], [], []);
		try {
			$looks->receive();
			$this->fail('expected the ReplicationException');
		} catch (ReplicationException $e) {
			$this->assertSame('looked at in the parent', $e->getMessage());
		}
		$looks->close();
	}

	public function testTheBatchBeforeMustBeReceivedFirst(): void {
		$looks = new LookAhead(self::whoLooks(), null);
		$looks->send(['a'], [], []);
		$this->expectException(\LogicException::class);
		$looks->send(['b'], [], []);
	}

	/**
	 * A real drive: copies current, changed, missing, a folder where a copy should be, a link to a file
	 * outside, a folder swapped for a link; in batches through a child, the answers are notCurrent()'s,
	 * the links included (looked at again by the parent, which gives the exception itself).
	 */
	#[DataProvider('modes')]
	public function testADrivesAnswersAreNotCurrentsAnswers(bool $raceFree): void {
		$drive = $this->driveIn($raceFree);
		$paths = [];
		$recorded = [];
		for ($i = 1; $i <= 30; $i++) {
			$file = sprintf('%s/alice/F%d/c%02d.jpg', $this->root, $i % 3, $i);
			@mkdir(dirname($file), 0755, true);
			file_put_contents($file, str_repeat('x', $i));
			touch($file, 1500000000 + $i);
			$paths[$i] = sprintf('F%d/c%02d.jpg', $i % 3, $i);
			$recorded[$i] = [$i, 1500000000 + $i];
		}
		$recorded[4] = [5, 1500000004]; // another size
		$recorded[5] = [5, 1500000100]; // another time
		unlink($this->root . '/alice/' . $paths[6]);
		mkdir($this->root . '/alice/' . $paths[7] . '.d');
		$paths[7] .= '.d'; // a folder where a copy should be
		file_put_contents($this->outside . '/victim.jpg', 'outside');
		symlink($this->outside . '/victim.jpg', $this->root . '/alice/F0/link.jpg');
		$paths[31] = 'F0/link.jpg';
		$recorded[31] = [7, 1];
		mkdir($this->outside . '/Gone');
		symlink($this->outside . '/Gone', $this->root . '/alice/Linked');
		$paths[32] = 'Linked/a.jpg';
		$recorded[32] = [1, 1];

		$expected = $drive->notCurrent('alice', $paths, $recorded);
		ksort($expected);
		$this->assertSame([4, 5, 6, 7, 31, 32], array_keys($expected), 'the test tree has something of each kind');

		$looks = $drive->lookAhead('alice');
		$answers = [];
		foreach (array_chunk($paths, 8, true) as $batch) {
			$looks->send($batch, array_intersect_key($recorded, $batch), []);
			$answers += $looks->receive();
		}
		$looks->close();
		ksort($answers);
		$this->assertSame(array_keys($expected), array_keys($answers));
		foreach ($expected as $key => $stat) {
			if ($stat instanceof UnsafePathException) {
				$this->assertInstanceOf(UnsafePathException::class, $answers[$key], (string)$key);
				$this->assertSame($stat->getMessage(), $answers[$key]->getMessage());
			} else {
				$this->assertSame($stat, $answers[$key], (string)$key);
			}
		}
		$this->assertSame(['size' => 4, 'mtime' => 1500000004], $answers[4]);
		$this->assertNull($answers[6]);
	}

	public function testADriveOnPathsNeverForks(): void {
		$drive = $this->driveIn(false);
		$before = self::children();
		$looks = $drive->lookAhead('alice');
		$looks->send([1 => 'a.jpg'], [1 => [1, 1]], []);
		$this->assertSame([1 => null], $looks->receive());
		$this->assertSame($before, self::children());
		$looks->close();
		$this->assertInstanceOf(Drive::class, $drive);
	}
}
