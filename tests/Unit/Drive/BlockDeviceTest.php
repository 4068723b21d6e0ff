<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\BlockDevice;
use PHPUnit\Framework\TestCase;

/**
 * dm-crypt found from a folder: mountinfo → major:minor → sysfs, on a fake sysfs laid out as the kernel's
 * (/sys/dev/block links into /sys/devices, a partition below its disk, dm-N with dm/uuid and slaves/).
 */
class BlockDeviceTest extends TestCase {
	private string $root;

	protected function setUp(): void {
		$this->root = sys_get_temp_dir() . '/mirror-blockdev-' . bin2hex(random_bytes(4));
		mkdir($this->root . '/sys/dev/block', 0755, true);
		mkdir($this->root . '/fs', 0755, true);
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->root));
	}

	/** A device in the fake sysfs: its folder below devices/, and the dev/block link to it (relative, as the kernel's). */
	private function device(string $majorMinor, string $where, ?string $dmUuid = null, array $slaves = [], bool $partition = false): string {
		$dir = $this->root . '/sys/devices/' . $where;
		mkdir($dir, 0755, true);
		symlink('../../devices/' . $where, $this->root . '/sys/dev/block/' . $majorMinor);
		if ($dmUuid !== null) {
			mkdir($dir . '/dm');
			file_put_contents($dir . '/dm/uuid', $dmUuid . "\n");
		}
		if ($slaves !== [] || $dmUuid !== null) {
			mkdir($dir . '/slaves');
		}
		foreach ($slaves as $name => $slaveWhere) {
			$up = str_repeat('../', substr_count($where, '/') + 2);
			symlink($up . $slaveWhere, $dir . '/slaves/' . $name);
		}
		if ($partition) {
			file_put_contents($dir . '/partition', "1\n");
		}
		return $dir;
	}

	/** @param array<string, string>|list<array{0: string, 1: string}> $mounts mount point (below the fake fs/) => major:minor, or pairs of them in mount order */
	private function encrypted(array $mounts, string $folder): ?bool {
		$lines = ['22 27 0:21 / /proc rw,relatime - proc proc rw', '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw'];
		$id = 100;
		foreach (array_is_list($mounts) ? $mounts : array_map(null, array_keys($mounts), array_values($mounts)) as [$point, $device]) {
			$escaped = str_replace([' ', "\t"], ['\\040', '\\011'], $this->root . '/fs' . $point);
			$lines[] = ($id++) . ' 27 ' . $device . ' / ' . $escaped . ' rw,noatime shared:1 - ext4 /dev/x rw';
		}
		file_put_contents($this->root . '/mountinfo', implode("\n", $lines) . "\n");
		@mkdir($this->root . '/fs' . $folder, 0755, true);
		return (new BlockDevice($this->root . '/mountinfo', $this->root . '/sys'))->encrypted($this->root . '/fs' . $folder);
	}

	public function testAPlainDiskAndItsPartitionAreNotEncrypted(): void {
		$this->device('8:0', 'pci0000:00/usb1/1-1/host0/block/sda');
		$this->device('8:1', 'pci0000:00/usb1/1-1/host0/block/sda/sda1', partition: true);
		$this->assertFalse($this->encrypted(['/mnt/backup' => '8:1'], '/mnt/backup/mirror'));
		$this->assertFalse($this->encrypted(['/mnt/backup' => '8:0'], '/mnt/backup'));
	}

	public function testADmCryptMappingIsEncrypted(): void {
		$this->device('8:1', 'pci0000:00/block/sda/sda1', partition: true);
		$this->device('253:0', 'virtual/block/dm-0', 'CRYPT-LUKS2-6f1c0e2a9d3b4c5e8f7a6b5c4d3e2f1a-backup', ['sda1' => 'pci0000:00/block/sda/sda1']);
		$this->assertTrue($this->encrypted(['/mnt/backup' => '253:0'], '/mnt/backup/mirror'));
	}

	public function testPlainDmCryptToo(): void {
		$this->device('253:3', 'virtual/block/dm-3', 'CRYPT-PLAIN-backup');
		$this->assertTrue($this->encrypted(['/mnt/backup' => '253:3'], '/mnt/backup'));
	}

	public function testLvmOnLuksIsFoundThroughTheSlaves(): void {
		$this->device('8:2', 'pci0000:00/block/sda/sda2', partition: true);
		$this->device('253:0', 'virtual/block/dm-0', 'CRYPT-LUKS2-0123456789abcdef0123456789abcdef-pv', ['sda2' => 'pci0000:00/block/sda/sda2']);
		$this->device('253:1', 'virtual/block/dm-1', 'LVM-AbCdEfGhIjKlMnOpQrStUvWxYz012345AbCdEfGhIjKlMnOpQrStUvWxYz0123', ['dm-0' => 'virtual/block/dm-0']);
		$this->assertTrue($this->encrypted(['/srv/backup' => '253:1'], '/srv/backup/mirror'));
	}

	public function testLvmOnAPlainPartitionIsNotEncrypted(): void {
		$this->device('8:2', 'pci0000:00/block/sda/sda2', partition: true);
		$this->device('253:1', 'virtual/block/dm-1', 'LVM-AbCdEfGhIjKlMnOpQrStUvWxYz012345AbCdEfGhIjKlMnOpQrStUvWxYz0123', ['sda2' => 'pci0000:00/block/sda/sda2']);
		$this->assertFalse($this->encrypted(['/srv/backup' => '253:1'], '/srv/backup'));
	}

	public function testAPartitionOnAnEncryptedDeviceMapperDevice(): void {
		$this->device('253:0', 'virtual/block/dm-0', 'CRYPT-LUKS2-0123456789abcdef0123456789abcdef-disk');
		$this->device('259:0', 'virtual/block/dm-0/dm-0p1', partition: true);
		$this->assertTrue($this->encrypted(['/mnt/backup' => '259:0'], '/mnt/backup/mirror'));
	}

	public function testTheLongestMountPointWinsAndAPrefixOfANameIsNoMount(): void {
		$this->device('8:1', 'pci0000:00/block/sda/sda1', partition: true);
		$this->device('253:0', 'virtual/block/dm-0', 'CRYPT-LUKS2-0123456789abcdef0123456789abcdef-usb');
		$mounts = ['/mnt' => '8:1', '/mnt/backup' => '253:0'];
		$this->assertTrue($this->encrypted($mounts, '/mnt/backup/mirror'));
		$this->assertFalse($this->encrypted($mounts, '/mnt/backup2/mirror'), '/mnt/backup2 is not inside /mnt/backup');
		$this->assertFalse($this->encrypted($mounts, '/mnt'));
	}

	public function testALaterMountAtTheSamePointIsTheOneOnTop(): void {
		$this->device('8:1', 'pci0000:00/block/sda/sda1', partition: true);
		$this->device('253:0', 'virtual/block/dm-0', 'CRYPT-LUKS2-0123456789abcdef0123456789abcdef-usb');
		$this->assertTrue($this->encrypted([['/mnt/backup', '8:1'], ['/mnt/backup', '253:0']], '/mnt/backup'));
		$this->assertFalse($this->encrypted([['/mnt/backup', '253:0'], ['/mnt/backup', '8:1']], '/mnt/backup'));
	}

	public function testAMountPointWithASpaceIsUnescaped(): void {
		$this->device('253:0', 'virtual/block/dm-0', 'CRYPT-LUKS1-0123456789abcdef0123456789abcdef-usb');
		$this->assertTrue($this->encrypted(['/media/My Backup' => '253:0'], '/media/My Backup/mirror'));
	}

	public function testNoBlockDeviceIsUnknown(): void {
		// FUSE, NFS, tmpfs: major 0
		$this->assertNull($this->encrypted(['/mnt/nfs' => '0:52'], '/mnt/nfs/mirror'));
		// a device sysfs does not know
		$this->assertNull($this->encrypted(['/mnt/gone' => '8:17'], '/mnt/gone'));
	}

	public function testUnreadableTablesAreUnknown(): void {
		$this->assertNull((new BlockDevice($this->root . '/no-mountinfo', $this->root . '/sys'))->encrypted($this->root));
		$this->assertNull((new BlockDevice($this->root . '/mountinfo', $this->root . '/sys'))->encrypted($this->root . '/no-such-folder'));
	}

	public function testALoopInSysfsEnds(): void {
		$this->device('253:5', 'virtual/block/dm-5', 'LVM-loop', ['dm-6' => 'virtual/block/dm-6']);
		$this->device('253:6', 'virtual/block/dm-6', 'LVM-loop', ['dm-5' => 'virtual/block/dm-5']);
		$this->assertFalse($this->encrypted(['/mnt/odd' => '253:5'], '/mnt/odd'));
	}
}
