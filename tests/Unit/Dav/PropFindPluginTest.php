<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Dav;

use OCA\DAV\Connector\Sabre\Directory;
use OCA\DAV\Connector\Sabre\File;
use OCA\Mirror\Dav\PropFindPlugin;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Status\FileStatusService;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCA\Mirror\Tests\Unit\ServerApps;
use OCP\Files\FileInfo;
use OCP\IUser;
use OCP\IUserSession;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;
use Sabre\DAV\PropFind;

/**
 * The mirror-status property of a folder listing: right values, and a fixed number of lookups
 * for the whole folder (one per table), however many files it holds.
 */
class PropFindPluginTest extends TestCase {
	use Fixtures;

	private TargetMapper&MockObject $targets;
	private ReplicaMapper&MockObject $replicas;
	private QueueReader&MockObject $queue;
	private IUserSession&MockObject $session;
	private bool $loggedIn = true;
	private PropFindPlugin $plugin;

	public static function setUpBeforeClass(): void {
		ServerApps::register();
	}

	protected function setUp(): void {
		$this->targets = $this->createMock(TargetMapper::class);
		$this->replicas = $this->createMock(ReplicaMapper::class);
		$this->queue = $this->createMock(QueueReader::class);
		$this->session = $this->createMock(IUserSession::class);
		$this->session->method('getUser')->willReturnCallback(function (): ?IUser {
			if (!$this->loggedIn) {
				return null;
			}
			$user = $this->createMock(IUser::class);
			$user->method('getUID')->willReturn('alice');
			return $user;
		});
		$this->plugin = new PropFindPlugin(new FileStatusService($this->targets, $this->replicas, $this->queue, $this->createMock(FileCacheReader::class), $this->createMock(ExternalMounts::class)), $this->session);
	}

	private function fileNode(FileInfo $info): File&MockObject {
		$node = $this->createMock(File::class);
		$node->method('getFileInfo')->willReturn($info);
		return $node;
	}

	/**
	 * @param list<\Sabre\DAV\INode> $children
	 */
	private function folder(array $children): Directory&MockObject {
		$folder = $this->createMock(Directory::class);
		$folder->method('getChildren')->willReturn($children);
		$folder->method('getPath')->willReturn('/files/alice/Photos');
		return $folder;
	}

	/**
	 * Runs what Sabre does for PROPFIND Depth 1: preloadCollection for the folder, then propFind per child.
	 *
	 * @param list<\Sabre\DAV\INode> $children
	 * @return array<int, string|null> child index => property value (null: absent, 404)
	 */
	private function listFolder(Directory $folder, array $children, array $requested = [PropFindPlugin::STATUS_PROPERTY]): array {
		$this->plugin->preloadCollection(new PropFind('files/alice/Photos', $requested, 1), $folder);
		$values = [];
		foreach ($children as $i => $child) {
			$propFind = new PropFind('files/alice/Photos/' . $i, $requested, 0);
			$this->plugin->propFind($propFind, $child);
			$values[$i] = $propFind->getStatus(PropFindPlugin::STATUS_PROPERTY) === 200 ? $propFind->get(PropFindPlugin::STATUS_PROPERTY) : null;
		}
		return $values;
	}

	public static function folderSizes(): array {
		return [
			'500 files' => [500],
			'2500 files (the mappers split IN lists at 1000)' => [2500],
		];
	}

	#[DataProvider('folderSizes')]
	public function testAFolderListingLooksUpEachTableOnceWhateverItsSize(int $count): void {
		$children = [];
		for ($id = 1; $id <= $count; $id++) {
			$children[] = $this->fileNode($this->fileInfo($id, 'etag' . $id));
		}
		$children[] = $this->createMock(Directory::class); // a subfolder: no badge, no lookup
		$ids = range(1, $count);

		$this->targets->expects($this->once())->method('findEnabled')->willReturn([self::target(1, 'USB'), self::target(2, 'NFS')]);
		$replicas = [];
		foreach ($ids as $id) {
			if ($id % 10 !== 0) { // every tenth file has no copy yet
				$replicas[] = self::replica($id, 1, 'etag' . $id);
				$replicas[] = self::replica($id, 2, $id % 10 === 5 ? 'old' : 'etag' . $id); // every x5 copy on NFS is stale
			}
		}
		$this->replicas->expects($this->once())->method('findByFileIds')->with($ids)->willReturn($replicas);
		$this->queue->expects($this->once())->method('fileItems')->with($ids)->willReturn([
			self::item(3, 2, 'Permission denied on the mirror drive'),
			self::item(10, 1),
		]);

		$values = $this->listFolder($this->folder($children), $children);

		$this->assertCount($count + 1, $values);
		$this->assertSame('replicated', $values[0]); // file 1
		$this->assertSame('failed', $values[2]); // file 3
		$this->assertSame('pending', $values[4]); // file 5: stale on NFS
		$this->assertSame('pending', $values[9]); // file 10: queued, no copy
		$this->assertSame('pending', $values[19]); // file 20: no copy, nothing queued yet
		$this->assertNull($values[$count]); // the subfolder
		$expected = [];
		foreach ($ids as $id) {
			$expected[] = $id === 3 ? 'failed' : ($id % 5 === 0 ? 'pending' : 'replicated');
		}
		$this->assertSame($expected, array_slice($values, 0, $count));
	}

	public function testTheFolderIsLoadedOnceEvenWhenSabreAsksAgain(): void {
		$children = [$this->fileNode($this->fileInfo(1, 'e1'))];
		$folder = $this->folder($children);
		$this->targets->expects($this->once())->method('findEnabled')->willReturn([self::target(1, 'USB')]);
		$this->replicas->expects($this->once())->method('findByFileIds')->willReturn([self::replica(1, 1, 'e1')]);
		$this->queue->expects($this->once())->method('fileItems')->willReturn([]);

		$this->plugin->preloadCollection(new PropFind('x', [PropFindPlugin::STATUS_PROPERTY], 1), $folder);
		$this->assertSame(['replicated'], $this->listFolder($folder, $children));
	}

	public function testNothingIsLoadedWhenThePropertyIsNotRequested(): void {
		$children = [$this->fileNode($this->fileInfo(1, 'e1'))];
		$this->targets->expects($this->never())->method('findEnabled');
		$this->replicas->expects($this->never())->method('findByFileIds');
		$this->queue->expects($this->never())->method('fileItems');

		$this->assertSame([null], $this->listFolder($this->folder($children), $children, ['{DAV:}getetag']));
	}

	public function testFilesOutsideTheOwnersFilesHaveNoProperty(): void {
		$children = [
			$this->fileNode($this->fileInfo(1, 'e1', home: false)), // group folder: nothing recorded
			$this->fileNode($this->fileInfo(2, 'e2', home: false)), // shared from alice's home: recorded
			$this->fileNode($this->fileInfo(3, 'e3')), // own file, nothing recorded yet
		];
		$this->targets->method('findEnabled')->willReturn([self::target(1, 'USB')]);
		$this->replicas->method('findByFileIds')->willReturn([self::replica(2, 1, 'e2')]);
		$this->queue->method('fileItems')->willReturn([]);

		$this->assertSame([null, 'replicated', 'pending'], $this->listFolder($this->folder($children), $children));
	}

	public function testNoTargetNoBadge(): void {
		$children = [$this->fileNode($this->fileInfo(1, 'e1'))];
		$this->targets->method('findEnabled')->willReturn([]);
		$this->replicas->expects($this->never())->method('findByFileIds');

		$this->assertSame([null], $this->listFolder($this->folder($children), $children));
	}

	public function testASingleFileIsLookedUpOnItsOwn(): void {
		$node = $this->fileNode($this->fileInfo(5, 'e5'));
		$this->targets->expects($this->once())->method('findEnabled')->willReturn([self::target(1, 'USB')]);
		$this->replicas->expects($this->once())->method('findByFileIds')->with([5])->willReturn([]);
		$this->queue->expects($this->once())->method('fileItems')->with([5])->willReturn([self::item(5, 1, 'boom')]);

		$propFind = new PropFind('files/alice/a.jpg', [PropFindPlugin::STATUS_PROPERTY], 0);
		$this->plugin->propFind($propFind, $node);
		$this->assertSame('failed', $propFind->get(PropFindPlugin::STATUS_PROPERTY));
	}

	public function testVisitorsOfPublicLinksGetNoProperty(): void {
		$this->loggedIn = false;
		$children = [$this->fileNode($this->fileInfo(1, 'e1', home: false))];
		$this->targets->expects($this->never())->method('findEnabled');
		$this->replicas->expects($this->never())->method('findByFileIds');

		$this->assertSame([null], $this->listFolder($this->folder($children), $children));
	}

	public function testFoldersHaveNoProperty(): void {
		$this->targets->expects($this->never())->method('findEnabled');
		$propFind = new PropFind('files/alice/Photos', [PropFindPlugin::STATUS_PROPERTY], 0);
		$this->plugin->propFind($propFind, $this->createMock(Directory::class));
		$this->assertSame(404, $propFind->getStatus(PropFindPlugin::STATUS_PROPERTY));
	}
}
