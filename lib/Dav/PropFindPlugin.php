<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Dav;

// No public API describes the WebDAV file nodes: like the server's own apps, use the DAV app's classes.
use OCA\DAV\Connector\Sabre\Directory;
use OCA\DAV\Connector\Sabre\File;
use OCA\Mirror\Status\FileStatusService;
use OCP\IUserSession;
use Sabre\DAV\ICollection;
use Sabre\DAV\INode;
use Sabre\DAV\PropFind;
use Sabre\DAV\Server;
use Sabre\DAV\ServerPlugin;

/**
 * The WebDAV property {http://nextcloud.org/ns}mirror-status of files: replicated, pending or
 * failed; absent for files the mirror does not copy, for folders, and for visitors of public links.
 * A folder listing (Depth 1) loads the states of all its files at once, before Sabre asks file by file.
 */
class PropFindPlugin extends ServerPlugin {
	public const STATUS_PROPERTY = '{http://nextcloud.org/ns}mirror-status';

	/** @var array<int, string|null> file id => state, null: out of scope (filled per folder listing) */
	private array $states = [];
	/** @var array<string, true> folders already loaded in this request */
	private array $loadedFolders = [];

	public function __construct(
		private FileStatusService $status,
		private IUserSession $userSession,
	) {
	}

	#[\Override]
	public function initialize(Server $server): void {
		$server->on('preloadCollection', $this->preloadCollection(...));
		$server->on('propFind', $this->propFind(...));
	}

	public function preloadCollection(PropFind $propFind, ICollection $collection): void {
		$user = $this->userSession->getUser();
		if (!$collection instanceof Directory
			|| $propFind->getStatus(self::STATUS_PROPERTY) === null
			|| $user === null
			|| isset($this->loadedFolders[$collection->getPath()])) {
			return;
		}
		$this->loadedFolders[$collection->getPath()] = true;
		$infos = [];
		foreach ($collection->getChildren() as $child) {
			if ($child instanceof File) {
				$infos[] = $child->getFileInfo();
			}
		}
		$this->remember($infos, $this->status->badgeStates($infos, $user->getUID()));
	}

	public function propFind(PropFind $propFind, INode $node): void {
		$user = $this->userSession->getUser();
		if (!$node instanceof File || $user === null) {
			return;
		}
		$propFind->handle(self::STATUS_PROPERTY, function () use ($node, $user): ?string {
			$id = (int)$node->getFileInfo()->getId();
			if (!array_key_exists($id, $this->states)) {
				// a single file (Depth 0), or a search result: no folder to load at once
				$info = $node->getFileInfo();
				$this->remember([$info], $this->status->badgeStates([$info], $user->getUID()));
			}
			return $this->states[$id] ?? null;
		});
	}

	/**
	 * @param list<\OCP\Files\FileInfo> $infos
	 * @param array<int, string> $states
	 */
	private function remember(array $infos, array $states): void {
		foreach ($infos as $info) {
			$id = (int)$info->getId();
			$this->states[$id] = $states[$id] ?? null;
		}
	}
}
