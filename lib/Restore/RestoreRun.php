<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Db\InsertsEveryField;
use OCA\Mirror\Exception\RestoreException;
use OCP\AppFramework\Db\Entity;
use OCP\DB\Types;

/**
 * One restore started from the admin page: what was asked (user, target, path, version, into, mode)
 * and how far the background job got. The counts are those of the latest attempt: a restore picked
 * up again after the server died counts what the first attempt restored as "already there".
 *
 * Why it failed, and why each file listed was not restored, are codes with parameters
 * (RestoreException's), put into words by RestoreMessages when read. Restores recorded before
 * (an English sentence in message, a "why" per file) read as the LEGACY code with that sentence.
 *
 * @psalm-import-type RestoredFile from RestoreReport
 *
 * @method string getUserId()
 * @method void setUserId(string $userId)
 * @method int getTargetId()
 * @method void setTargetId(int $targetId)
 * @method void setPath(string $path)
 * @method string getVersion()
 * @method void setVersion(string $version)
 * @method void setIntoPath(string $intoPath)
 * @method string getMode()
 * @method void setMode(string $mode)
 * @method string getState()
 * @method void setState(string $state)
 * @method void setRequestedBy(string $requestedBy)
 * @method int|null getTotal()
 * @method void setTotal(?int $total)
 * @method int getRestored()
 * @method void setRestored(int $restored)
 * @method int getSkipped()
 * @method void setSkipped(int $skipped)
 * @method int getMismatched()
 * @method void setMismatched(int $mismatched)
 * @method int getFailed()
 * @method void setFailed(int $failed)
 * @method int getBytes()
 * @method void setBytes(int $bytes)
 * @method string|null getCurrentFile()
 * @method void setCurrentFile(?string $currentFile)
 * @method string|null getErrors()
 * @method void setErrors(?string $errors)
 * @method string|null getMessage()
 * @method string|null getMessageCode()
 * @method void setMessageCode(?string $messageCode)
 * @method string|null getMessageParams()
 * @method void setMessageParams(?string $messageParams)
 * @method int getAttempts()
 * @method void setAttempts(int $attempts)
 * @method string|null getClaimedBy()
 * @method void setClaimedBy(?string $claimedBy)
 * @method int|null getHeartbeatAt()
 * @method void setHeartbeatAt(?int $heartbeatAt)
 * @method int getCreatedAt()
 * @method void setCreatedAt(int $createdAt)
 * @method int|null getStartedAt()
 * @method void setStartedAt(?int $startedAt)
 * @method int|null getFinishedAt()
 * @method void setFinishedAt(?int $finishedAt)
 */
class RestoreRun extends Entity {
	use InsertsEveryField;

	public const TABLE_NAME = 'mirror_restores';

	public const QUEUED = 'queued';
	public const RUNNING = 'running';
	public const DONE = 'done';
	public const FAILED = 'failed';

	protected string $userId = '';
	protected int $targetId = 0;
	/** '' for all files; read back as null where the database stores '' as NULL (Oracle) */
	protected ?string $path = '';
	protected string $version = '';
	protected ?string $intoPath = '';
	protected string $mode = '';
	protected string $state = self::QUEUED;
	protected ?string $requestedBy = '';
	protected ?int $total = null;
	protected int $restored = 0;
	protected int $skipped = 0;
	protected int $mismatched = 0;
	protected int $failed = 0;
	protected int $bytes = 0;
	protected ?string $currentFile = null;
	/** JSON: the first files that were not restored, with why (code, params) */
	protected ?string $errors = null;
	/** why the whole restore failed, in English: only restores recorded before message_code (read back as LEGACY) */
	protected ?string $message = null;
	/** why the whole restore failed: a RestoreException code */
	protected ?string $messageCode = null;
	/** JSON: the code's parameters */
	protected ?string $messageParams = null;
	protected int $attempts = 0;
	protected ?string $claimedBy = null;
	protected ?int $heartbeatAt = null;
	protected int $createdAt = 0;
	protected ?int $startedAt = null;
	protected ?int $finishedAt = null;

	public function __construct() {
		foreach (['userId', 'path', 'version', 'intoPath', 'mode', 'state', 'requestedBy', 'currentFile', 'errors', 'message', 'messageCode', 'messageParams', 'claimedBy'] as $field) {
			$this->addType($field, Types::STRING);
		}
		foreach (['targetId', 'total', 'restored', 'skipped', 'mismatched', 'failed', 'bytes', 'heartbeatAt', 'createdAt', 'startedAt', 'finishedAt'] as $field) {
			$this->addType($field, Types::BIGINT);
		}
		$this->addType('attempts', Types::INTEGER);
		$this->markEveryFieldForInsert();
	}

	public function getPath(): string {
		return $this->path ?? '';
	}

	public function getIntoPath(): string {
		return $this->intoPath ?? '';
	}

	public function getRequestedBy(): string {
		return $this->requestedBy ?? '';
	}

	public function isFinished(): bool {
		return $this->state === self::DONE || $this->state === self::FAILED;
	}

	/**
	 * @param array<string, string|int> $params
	 */
	public function failWith(string $code, array $params): void {
		$this->setState(self::FAILED);
		$this->setMessageCode($code);
		$this->setMessageParams(self::json($params));
	}

	/**
	 * Why the restore failed, or null.
	 *
	 * @return array{code: string, params: array<string, string|int>}|null
	 */
	public function failure(): ?array {
		$code = $this->getMessageCode();
		if ($code !== null && $code !== '') {
			return ['code' => $code, 'params' => self::params(json_decode($this->getMessageParams() ?? '[]', true))];
		}
		$legacy = $this->getMessage();
		return $legacy === null || $legacy === '' ? null : ['code' => RestoreException::LEGACY, 'params' => ['text' => $legacy]];
	}

	/**
	 * @param list<RestoredFile> $files the first files that were not restored
	 */
	public function setProblems(array $files): void {
		$this->setErrors(self::json(array_map(static fn (array $f): array => ['path' => $f['path'], 'to' => $f['to'], 'result' => $f['result'], 'code' => $f['code'], 'params' => $f['params']], $files)));
	}

	/**
	 * The files that were not restored, as recorded.
	 *
	 * @return list<RestoredFile>
	 */
	public function problems(): array {
		$errors = json_decode($this->getErrors() ?? '[]', true);
		$files = [];
		foreach (is_array($errors) ? $errors : [] as $e) {
			if (!is_array($e) || !is_string($e['path'] ?? null) || !is_string($e['to'] ?? null) || !is_string($e['result'] ?? null)) {
				continue;
			}
			[$code, $params] = is_string($e['code'] ?? null)
				? [$e['code'], self::params($e['params'] ?? [])]
				: (is_string($e['why'] ?? null) && $e['why'] !== '' ? [RestoreException::LEGACY, ['text' => $e['why']]] : ['', []]);
			$files[] = ['userId' => $this->getUserId(), 'path' => $e['path'], 'to' => $e['to'], 'result' => $e['result'], 'code' => $code, 'params' => $params];
		}
		return $files;
	}

	/**
	 * @return array<string, string|int>
	 */
	private static function params(mixed $decoded): array {
		$params = [];
		foreach (is_array($decoded) ? $decoded : [] as $key => $value) {
			if (is_string($value) || is_int($value)) {
				$params[(string)$key] = $value;
			}
		}
		return $params;
	}

	private static function json(array $value): string {
		return (string)json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
	}
}
