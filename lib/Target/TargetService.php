<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Target;

use OCA\Mirror\Db\NodeHeartbeats;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Drive\TargetPathValidator;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Exception\DamagedManifestException;
use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Health\HealthMonitor;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\ManifestAdoption;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * Adds, validates, adopts and forgets mirror targets. Never deletes data on a target.
 */
class TargetService {
	public function __construct(
		private TargetMapper $targets,
		private ReplicaMapper $replicas,
		private DriveFactory $drives,
		private TargetPathValidator $validator,
		private WorkQueue $queueService,
		private WriteTransaction $transaction,
		private ITimeFactory $time,
		private HealthMonitor $health,
		private TrashEntryMapper $trashEntries,
		private ManifestAdoption $adoption,
		private Tripwire $tripwire,
		private ThisNode $node,
	) {
	}

	/**
	 * @return list<Target>
	 */
	public function findAll(): array {
		return $this->targets->findAll();
	}

	/**
	 * @throws TargetNotFoundException
	 */
	public function get(int $id): Target {
		try {
			return $this->targets->findById($id);
		} catch (DoesNotExistException) {
			throw new TargetNotFoundException('There is no mirror target with id ' . $id . '.');
		}
	}

	public function state(Target $target): TargetState {
		return $this->drives->forTarget($target)->state();
	}

	/**
	 * Validates the path, writes the marker, stores the target and queues everything for it.
	 *
	 * @param bool $force also take over a folder whose marker belongs to another Nextcloud
	 * @param bool $offlineDrive a drive plugged in now and then (see OfflineDrives); several may share one mount point
	 * @throws InvalidTargetException with a message for the admin
	 */
	public function add(string $path, ?string $name = null, bool $force = false, bool $offlineDrive = false, string $readBack = Target::READ_BACK_AUTO): Target {
		self::validateReadBack($readBack);
		$path = $this->validator->validate($path, $this->targets->findAll(), null, $offlineDrive);
		$name = $this->validateName($name ?? basename($path));

		$target = new Target();
		$target->setUuid($this->uuid());
		$target->setName($name);
		$target->setPath($path);
		$target->setEnabled(true);
		$target->setCreatedAt($this->time->getTime());
		$target->setOfflineDrive($offlineDrive);
		// the server whose filesystem holds it (the one adding it: the path was just checked here)
		$target->setNode($this->node->name());
		$target->setReadBack($readBack);
		if ($offlineDrive) {
			$target->setPresentSince($this->time->getTime()); // its drive is plugged in now: the marker goes on it
		}
		$drive = $this->drives->forTarget($target);
		$marker = $drive->readMarker();
		if ($marker !== null) {
			foreach ($this->targets->findAll() as $existing) {
				if ($existing->getUuid() === ($marker['uuid'] ?? null)) {
					throw new InvalidTargetException('This drive is already the mirror target "' . $existing->getName() . '" (id ' . $existing->getId() . ').', 'already_target', ['name' => $existing->getName(), 'id' => $existing->getId()]);
				}
			}
			if (($marker['instanceId'] ?? null) !== $this->drives->instanceId() && !$force) {
				throw new InvalidTargetException('This folder is a mirror target of another Nextcloud (it holds a ' . Drive::MARKER . ' file). Use --force to take it over.', 'foreign_target', ['marker' => Drive::MARKER]);
			}
		}
		try {
			$drive->writeMarker();
		} catch (\RuntimeException $e) {
			throw new InvalidTargetException($e->getMessage(), 'marker_unwritable', ['detail' => $e->getMessage()], $e);
		}
		$target = $this->targets->insert($target);
		$this->queueService->enqueueEverything($target);
		return $target;
	}

	/**
	 * @throws TargetNotFoundException
	 * @throws InvalidTargetException
	 */
	public function rename(int $id, string $name): Target {
		$target = $this->get($id);
		$target->setName($this->validateName($name));
		return $this->targets->update($target);
	}

	/**
	 * The drive moved to another server (node), given by its host name: from now on only that one
	 * copies to it and judges it online or offline.
	 *
	 * @throws TargetNotFoundException
	 * @throws InvalidTargetException for a name that cannot be a host name
	 */
	public function moveNode(int $id, string $node): Target {
		$target = $this->get($id);
		if (preg_match('/^[A-Za-z0-9]([A-Za-z0-9.-]{0,' . (NodeHeartbeats::NODE_LENGTH - 1) . '})$/', $node) !== 1) {
			throw new InvalidTargetException('"' . $node . '" is not a host name (letters, digits, dots and hyphens, up to ' . NodeHeartbeats::NODE_LENGTH . ' characters).', 'invalid_node', ['node' => $node, 'max' => NodeHeartbeats::NODE_LENGTH]);
		}
		$target->setNode($node);
		return $this->targets->update($target);
	}

	/**
	 * Whether copies are read back from the drive after writing: Target::READ_BACK_AUTO (FUSE and
	 * removable drives), READ_BACK_ALWAYS or READ_BACK_NEVER.
	 *
	 * @throws TargetNotFoundException
	 * @throws InvalidTargetException
	 */
	public function setReadBack(int $id, string $readBack): Target {
		self::validateReadBack($readBack);
		$target = $this->get($id);
		$target->setReadBack($readBack);
		return $this->targets->update($target);
	}

	/**
	 * @throws InvalidTargetException
	 */
	private static function validateReadBack(string $readBack): void {
		if (!in_array($readBack, Target::READ_BACK_MODES, true)) {
			throw new InvalidTargetException('The read-back setting must be one of ' . implode(', ', Target::READ_BACK_MODES) . ', not "' . $readBack . '".', 'read_back_mode', ['value' => $readBack, 'modes' => implode(', ', Target::READ_BACK_MODES)]);
		}
	}

	/**
	 * @throws TargetNotFoundException
	 */
	public function setEnabled(int $id, bool $enabled): Target {
		$target = $this->get($id);
		if ($target->getEnabled() === $enabled) {
			return $target;
		}
		$target->setEnabled($enabled);
		$target = $this->targets->update($target);
		if ($enabled) {
			$this->queueService->enqueueEverything($target);
		}
		return $target;
	}

	/**
	 * Marks a target as an offline drive (plugged in now and then: resting is no alarm, and no work is
	 * queued while it rests), or makes it an ordinary target again (queues everything for it).
	 *
	 * @throws TargetNotFoundException
	 * @throws InvalidTargetException when it shares its mount point with other offline drives
	 */
	public function setOfflineDrive(int $id, bool $offlineDrive): Target {
		$target = $this->get($id);
		if ($target->isOfflineDrive() === $offlineDrive) {
			return $target;
		}
		// an ordinary target must have its mount point to itself; an offline drive must be a drive
		$this->validator->validate($target->getPath(), $this->targets->findAll(), $id, $offlineDrive);
		$target->setOfflineDrive($offlineDrive);
		// resting until the next look at its drive sees it (within a minute); an ordinary target
		// has no visits
		$target->setPresentSince(null);
		$target = $this->targets->update($target);
		if (!$offlineDrive) {
			$this->queueService->enqueueEverything($target);
		}
		return $target;
	}

	/**
	 * Writes a fresh marker on the drive now mounted at the target's path (a replacement drive, or
	 * the same drive on a new server), records the copies its manifests vouch for (ManifestAdoption)
	 * and queues everything else for it.
	 *
	 * @param (callable(string, string): void)|null $onCheck called before each copy on the drive is hashed (user, path)
	 * @param RecoveryKey $key the manifests' signatures are checked with
	 * @param int|null $limit bytes a manifest may have (null: ManifestReader's rule)
	 * @return array{target: Target, adopted: int, queued: int, verified: int, unverified: array<string, string>, damaged: array<string, DamagedManifestException>}
	 *         copies kept without copying, files left to copy, manifests verified, users whose manifest was not used and why
	 * @throws TargetNotFoundException
	 * @throws InvalidTargetException
	 */
	public function adopt(int $id, RecoveryKey $key, ?callable $onCheck = null, ?int $limit = null): array {
		$target = $this->get($id);
		$drive = $this->drives->forTarget($target);
		$state = $drive->state();
		if ($state->online || $state->reason === TargetState::FULL) {
			throw new InvalidTargetException('The target "' . $target->getName() . '" is online: there is nothing to adopt.', 'adopt_online', ['name' => $target->getName()]);
		}
		if (!in_array($state->reason, [TargetState::MARKER_MISSING, TargetState::MARKER_MISMATCH], true)) {
			throw new InvalidTargetException('Cannot adopt: the drive is not available (' . (string)$state->reason . ')', 'adopt_unavailable', ['state' => (string)$state->reason, 'path' => $target->getPath()]);
		}
		if (!$drive->isWritable()) {
			throw new InvalidTargetException('Cannot adopt: Nextcloud cannot write to ' . $target->getPath() . '.', 'adopt_not_writable', ['path' => $target->getPath()]);
		}
		$marker = $drive->readMarker();
		if ($marker !== null) {
			foreach ($this->targets->findAll() as $other) {
				if ($other->getId() !== $target->getId() && $other->getUuid() === ($marker['uuid'] ?? null)) {
					throw new InvalidTargetException('The drive mounted there is the mirror target "' . $other->getName() . '" (id ' . $other->getId() . '); refusing to adopt it.', 'adopt_other_target', ['name' => $other->getName(), 'id' => $other->getId()]);
				}
			}
		}
		try {
			$drive->writeMarker();
		} catch (\RuntimeException $e) {
			throw new InvalidTargetException($e->getMessage(), 'marker_unwritable', ['detail' => $e->getMessage()], $e);
		}
		// The records describe the old drive: forget them. What the new drive's manifests list, with
		// the bytes to prove it, is recorded again; every other file is copied (where the same bytes
		// are already there, the copy replaces them without a trash entry).
		$this->replicas->deleteByTarget($id);
		$found = $this->adoption->adopt($target, $key, $onCheck, $limit);
		$this->queueService->enqueueEverything($target);
		return ['target' => $target, 'adopted' => $found['adopted'], 'queued' => $found['files'] - $found['adopted'],
			'verified' => $found['verified'], 'unverified' => $found['unverified'], 'damaged' => $found['damaged']];
	}

	/**
	 * Forgets the target: its queue and records go; the data on the drive stays.
	 *
	 * @throws TargetNotFoundException
	 */
	public function remove(int $id): Target {
		$target = $this->get($id);
		// all of it or nothing: deletes only, so a retried attempt (a deadlock, a locked SQLite) is safe
		$this->transaction->run(function () use ($id, $target): void {
			$this->queueService->forgetTarget($id);
			$this->replicas->deleteByTarget($id);
			$this->trashEntries->deleteByTarget($id);
			$this->tripwire->forgetTarget($id);
			$this->targets->delete($target);
		});
		$this->health->forgetTarget($id);
		return $target;
	}

	/**
	 * @throws InvalidTargetException
	 */
	public function validateName(string $name): string {
		$name = trim($name);
		if ($name === '') {
			throw new InvalidTargetException('The name must not be empty.', 'name_empty');
		}
		if (mb_strlen($name) > 200) {
			throw new InvalidTargetException('The name must be at most 200 characters long.', 'name_too_long', ['max' => 200]);
		}
		return $name;
	}

	/**
	 * Same rules for occ and the admin page (see TargetPathValidator).
	 *
	 * @return string the normalized (real) path
	 * @throws InvalidTargetException
	 */
	public function validatePath(string $path, ?int $ignoreTargetId = null): string {
		return $this->validator->validate($path, $this->targets->findAll(), $ignoreTargetId);
	}

	private function uuid(): string {
		$bytes = random_bytes(16);
		$bytes[6] = chr((ord($bytes[6]) & 0x0f) | 0x40);
		$bytes[8] = chr((ord($bytes[8]) & 0x3f) | 0x80);
		return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
	}
}
